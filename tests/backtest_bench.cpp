// Bars per second through the full engine (bus, risk engine, simulated exchange, accounting)
// for the SMA crossover and the Fibonacci trader on 1,000,000 synthetic 1m bars in memory.
#include <random>

#include <benchmark/benchmark.h>

#include "backtest/backtest_engine.hpp"
#include "bots/bot_registry.hpp"

namespace omega {
namespace {

// A seeded random walk of 1m bars around 30,000 with cent prices.
const data::CandleSeries& million_bars() {
  static const data::CandleSeries series = [] {
    data::CandleSeries s(2, 6);
    constexpr std::size_t kBars = 1'000'000;
    s.reserve(kBars);
    std::mt19937_64 rng(20240808);
    std::normal_distribution<double> step(0.0, 12.0);
    std::int64_t price = 3'000'000;
    for (std::size_t i = 0; i < kBars; ++i) {
      const std::int64_t open = price;
      std::int64_t high = open;
      std::int64_t low = open;
      for (int k = 0; k < 4; ++k) {
        price += static_cast<std::int64_t>(step(rng) * 100.0 / 4.0);
        if (price < 100'000) price = 100'000;
        high = std::max(high, price);
        low = std::min(low, price);
      }
      s.push_back_raw(static_cast<std::int64_t>(1'577'836'800'000'000'000LL) +
                          static_cast<std::int64_t>(i) * 60'000'000'000LL,
                      open, high, low, price,
                      1'000'000 + static_cast<std::int64_t>(rng() % 9'000'000));
    }
    return s;
  }();
  return series;
}

backtest::BacktestConfig config_for(bool perp) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse(perp ? "BTC/USDT:USDT" : "BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse(perp ? "0.001" : "0.00000001").value();
  spec.max_leverage = 125;
  spec.maker_fee = Rate::parse(perp ? "0.0002" : "0.001").value();
  spec.taker_fee = Rate::parse(perp ? "0.0005" : "0.001").value();
  backtest::BacktestConfig c;
  c.instrument = engine::AccountInstrument{
      Instrument::create(spec).value(), MarginMode::kCross, perp ? 5 : 1, {}};
  c.starting_balance = Money::parse("10000").value();
  c.timeframe = Timeframe::m1();
  return c;
}

// Receives every bar and never trades: the engine's own per-bar floor.
class IdleBot final : public engine::Bot {
 public:
  std::string_view kind() const override { return "idle"; }
  void on_candle(const engine::CandleClosed& e) override { last_ = e.candle.close.raw(); }

 private:
  std::int64_t last_ = 0;
};

Result<std::unique_ptr<engine::Bot>> make(const char* bot) {
  if (std::string_view(bot) == "idle") return std::unique_ptr<engine::Bot>(new IdleBot());
  return bots::make_bot(bot);
}

void run_bot(benchmark::State& state, const char* bot, bool perp) {
  const auto& bars = million_bars();
  std::size_t trades = 0;
  std::size_t orders = 0;
  std::size_t refused = 0;
  for (auto _ : state) {
    auto engine = backtest::BacktestEngine::create(config_for(perp)).value();
    if (!engine->add_bot(make(bot).value(), engine::BotId(bot), Config()).ok()) {
      state.SkipWithError("bot");
      return;
    }
    auto result = engine->run(bars);
    if (!result.ok()) {
      state.SkipWithError("run");
      return;
    }
    trades = result->trips.size();
    orders = result->orders.size();
    refused = 0;
    for (const auto& o : result->orders) {
      if (o.status == engine::OrderUpdateKind::kRejected ||
          o.status == engine::OrderUpdateKind::kDenied) {
        ++refused;
      }
    }
    benchmark::DoNotOptimize(result->final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
  state.counters["trades"] = static_cast<double>(trades);
  state.counters["orders"] = static_cast<double>(orders);
  state.counters["refused"] = static_cast<double>(refused);
}

void BM_BacktestSmaCross(benchmark::State& state) {
  run_bot(state, "sma_cross", false);
}
void BM_BacktestFibonacciTrader(benchmark::State& state) {
  run_bot(state, "fibonacci_trader", true);
}

void BM_BacktestIdleBot(benchmark::State& state) {
  run_bot(state, "idle", false);
}

BENCHMARK(BM_BacktestIdleBot)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BacktestSmaCross)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_BacktestFibonacciTrader)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace omega
