// Provides make_synthetic_run: a seeded random-walk run (bars, equity, round trips, Fibonacci
// signals) of any length, for report tests and benchmarks.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include <fmt/format.h>

#include "backtest/backtest_engine.hpp"
#include "data/candle_series.hpp"

namespace omega::backtest::testing {

// A run and the bars it replayed.
struct SyntheticRun {
  data::CandleSeries bars{2, 3};
  BacktestResult result;
};

// Returns `n` one-minute bars from 2024-01-01 with one equity point each, a round trip every
// `trip_every` bars and a fib_levels signal every `setup_every` bars; the same seed gives the
// same run.
inline SyntheticRun make_synthetic_run(std::size_t n, std::uint64_t seed = 7,
                                       std::size_t trip_every = 500,
                                       std::size_t setup_every = 250) {
  SyntheticRun run;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 1.0);
  const std::int64_t start_ns = 1'704'067'200LL * 1'000'000'000LL;  // 2024-01-01T00:00:00Z
  const std::int64_t bar_ns = 60'000'000'000LL;
  run.bars.reserve(n);
  run.result.equity.reserve(n);
  std::int64_t price = 4'200'000;  // 42 000.00
  double equity = 10'000.0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t open = price;
    price = std::max<std::int64_t>(100, price + static_cast<std::int64_t>(step(rng) * 2'000));
    const std::int64_t high = std::max(open, price) + 500;
    const std::int64_t low = std::max<std::int64_t>(1, std::min(open, price) - 500);
    const std::int64_t t = start_ns + static_cast<std::int64_t>(i) * bar_ns;
    run.bars.push_back_raw(t, open, high, low, price, 1'000);
    equity = std::max(1.0, equity * (1.0 + step(rng) * 0.001));
    run.result.equity.push_back(
        EquityPoint{Timestamp(t + bar_ns), Money::from_raw_unchecked(std::llround(equity * 100), 2),
                    (i / trip_every) % 2 == 0});
    if (trip_every > 0 && i % trip_every == trip_every / 2 && i >= trip_every) {
      engine::RoundTrip trip;
      trip.is_long = (i / trip_every) % 2 == 0;
      trip.entry_time = Timestamp(t - static_cast<std::int64_t>(trip_every / 4) * bar_ns);
      trip.exit_time = Timestamp(t);
      trip.entered = Quantity::from_raw_unchecked(100, 3);
      trip.size = trip.entered;
      trip.entry_notional = Money::from_raw_unchecked(open * 100, 5);
      trip.exit_notional = Money::from_raw_unchecked(price * 100, 5);
      trip.fees = Money::from_raw_unchecked(420, 2);
      trip.funding = Money::zero(2);
      trip.realized_pnl = Money::from_raw_unchecked((price - open) * 100, 5);
      run.result.trips.push_back(trip);
    }
    if (setup_every > 0 && i % setup_every == 0) {
      const double p = static_cast<double>(price) / 100.0;
      run.result.signals.push_back(engine::SignalPublished{
          engine::BotId("fibonacci_trader"), 0, "fib_levels", p * 0.99,
          fmt::format(R"({{"direction":"long","origin":{:.2f},"anchor":{:.2f},"entry":{:.2f},)"
                      R"("stop":{:.2f},"target1":{:.2f},"target2":{:.2f}}})",
                      p * 0.97, p * 1.01, p * 0.99, p * 0.968, p * 1.02, p * 1.03),
          Timestamp(t + bar_ns)});
    }
  }
  run.result.starting_balance = Money::from_raw_unchecked(1'000'000, 2);
  run.result.final_equity =
      run.result.equity.empty() ? run.result.starting_balance : run.result.equity.back().equity();
  run.result.fees_paid = Money::zero(2);
  run.result.funding_paid = Money::zero(2);
  run.result.bars = n;
  run.result.first_open = Timestamp(start_ns);
  run.result.last_close = Timestamp(start_ns + static_cast<std::int64_t>(n) * bar_ns);
  run.result.timeframe = Timeframe::m1();
  return run;
}

}  // namespace omega::backtest::testing
