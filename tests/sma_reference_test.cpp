// The SMA crossover reference: the full engine (bus, risk engine, simulated exchange,
// accounting) reproduces the peer trade list of tests/data/backtest exactly, and its equity.
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "bots/bot_registry.hpp"
#include "core/time.hpp"
#include "data/candle_reader.hpp"
#include "data/file_content.hpp"

namespace omega {
namespace {

std::filesystem::path reference_file(const char* name) {
  return std::filesystem::path(OMEGA_TESTS_DATA_DIR) / "backtest" / name;
}

struct ReferenceTrade {
  std::string entry_time, entry_price, exit_time, exit_price, size;
};

std::vector<ReferenceTrade> read_reference_trades() {
  auto text =
      data::load_file_content(reference_file("sma_cross_10_30_synthetic_100k_trades.csv.gz"));
  EXPECT_TRUE(text.ok());
  std::vector<ReferenceTrade> trades;
  std::istringstream in(*text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream row(line);
    std::string cell;
    while (std::getline(row, cell, ',')) f.push_back(cell);
    if (f.size() != 6) continue;
    trades.push_back({f[1], f[2], f[3], f[4], f[5]});
  }
  return trades;
}

// "2020-01-01T00:33:00Z" -> "2020-01-01 00:33", the reference's layout.
std::string minute_text(Timestamp ts) {
  std::string iso = format_iso8601(ts);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

backtest::BacktestConfig reference_config() {
  backtest::BacktestConfig config;
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.00000001").value();
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  config.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  config.starting_balance = Money::parse("10000").value();
  return config;
}

Result<backtest::BacktestResult> run_reference(const data::CandleSeries& bars) {
  OMEGA_ASSIGN_OR_RETURN(auto engine, backtest::BacktestEngine::create(reference_config()));
  OMEGA_ASSIGN_OR_RETURN(auto bot, bots::make_bot("sma_cross"));
  OMEGA_ASSIGN_OR_RETURN(Config params, Config::parse("fast: 10\nslow: 30\n", "test"));
  OMEGA_TRY(engine->add_bot(std::move(bot), engine::BotId("sma"), params));
  return engine->run(bars);
}

// The progress callback: throttled (about every 0.5 % of the bars, never per bar), counts only
// go up, the last call reports the whole run, and watching does not change the run.
TEST(BacktestProgress, ReportsThrottledIncreasingCountsAndChangesNothing) {
  auto bars = data::read_candles(reference_file("synthetic_1m_100k.csv.gz"));
  ASSERT_TRUE(bars.ok()) << bars.error().to_string();
  const auto& series = bars->series;
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  auto config = reference_config();
  config.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
  auto engine = backtest::BacktestEngine::create(config).value();
  ASSERT_TRUE(engine
                  ->add_bot(bots::make_bot("sma_cross").value(), engine::BotId("sma"),
                            Config::parse("fast: 10\nslow: 30\n", "test").value())
                  .ok());
  auto watched = engine->run(series);
  ASSERT_TRUE(watched.ok()) << watched.error().to_string();
  ASSERT_GE(calls.size(), 150u);
  ASSERT_LE(calls.size(), 250u);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].second, series.size());
    if (i > 0) EXPECT_GT(calls[i].first, calls[i - 1].first);
  }
  EXPECT_EQ(calls.back().first, series.size());
  auto unwatched = run_reference(series);
  ASSERT_TRUE(unwatched.ok());
  ASSERT_EQ(watched->trips.size(), unwatched->trips.size());
  EXPECT_EQ(watched->final_equity, unwatched->final_equity);
}

TEST(SmaReference, ReproducesThePeerTradeListAndEquity) {
  auto bars = data::read_candles(reference_file("synthetic_1m_100k.csv.gz"));
  ASSERT_TRUE(bars.ok()) << bars.error().to_string();
  const auto& series = bars->series;
  ASSERT_EQ(series.size(), 100'000u);
  auto result = run_reference(series);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  const auto reference = read_reference_trades();
  ASSERT_EQ(reference.size(), 1968u);
  ASSERT_EQ(result->trips.size(), reference.size());
  int mismatches = 0;
  for (std::size_t i = 0; i < reference.size() && mismatches < 5; ++i) {
    const auto& trip = result->trips[i];
    const auto& ref = reference[i];
    const Price entry =
        trip.entry_notional.rescale(12, Rounding::kExact).ok()
            ? price_from_notional(trip.entry_notional, trip.entered, 2, Rounding::kExact).value()
            : Price();
    const Price exit =
        price_from_notional(trip.exit_notional, trip.entered, 2, Rounding::kExact).value();
    const bool same = minute_text(trip.entry_time) == ref.entry_time &&
                      minute_text(trip.exit_time) == ref.exit_time &&
                      entry.to_string() == ref.entry_price && exit.to_string() == ref.exit_price &&
                      trip.entered.to_string() == ref.size;
    if (!same) {
      ++mismatches;
      ADD_FAILURE() << "trade " << i + 1 << ": got " << minute_text(trip.entry_time) << " "
                    << entry.to_string() << " " << minute_text(trip.exit_time) << " "
                    << exit.to_string() << " " << trip.entered.to_string() << "; want "
                    << ref.entry_time << " " << ref.entry_price << " " << ref.exit_time << " "
                    << ref.exit_price << " " << ref.size;
    }
  }
  EXPECT_EQ(mismatches, 0);

  // The reference equity, recomputed exactly from the trade list: fees 0.1 % per side.
  Money cash = Money::parse("10000").value();
  const Rate fee = Rate::parse("0.001").value();
  for (const auto& ref : reference) {
    const Price in = Price::parse(ref.entry_price).value();
    const Price out = Price::parse(ref.exit_price).value();
    const Quantity q = Quantity::parse(ref.size).value();
    const Money buy = notional(in, q).value();
    const Money sell = notional(out, q).value();
    cash = cash.sub(buy).value().sub(apply_rate(buy, fee, 13, Rounding::kExact).value()).value();
    cash = cash.add(sell).value().sub(apply_rate(sell, fee, 13, Rounding::kExact).value()).value();
  }
  Money expected = cash;
  if (const auto& open = result->equity.back(); open.in_position) {
    GTEST_SKIP() << "a position is open at the end; the reference closes every trade";
  }
  const double diff = result->final_equity.to_double() - expected.to_double();
  EXPECT_LT(std::abs(diff), 1e-6) << "engine " << result->final_equity.to_string() << " vs "
                                  << expected.to_string();
  EXPECT_NEAR(result->final_equity.to_double(), 191.48, 0.005);
  std::printf("trades %zu, final equity %s (reference recomputed %s, diff %.3g)\n",
              result->trips.size(), result->final_equity.to_string().c_str(),
              expected.to_string().c_str(), diff);
  // equity = cash + unrealized PnL at every bar is the portfolio's identity; at the end, flat,
  // it is the wallet.
  EXPECT_EQ(result->final_equity, result->equity.back().equity());
  // Every cent reconciles: the start plus the net PnL of every round trip is the final equity.
  Money reconciled = Money::parse("10000").value();
  for (const auto& trip : result->trips)
    reconciled = reconciled.add(trip.net_pnl().value()).value();
  EXPECT_EQ(reconciled, result->final_equity);
}

}  // namespace
}  // namespace omega
