// Paper mode's replay speed in bars per second: PaperSession at max speed (and paced on virtual
// time) against BacktestEngine::run on the same bars, with every order written to a real SQLite
// ledger (WAL, synchronous=FULL) before it reaches the simulated exchange.
#include <random>

#include <benchmark/benchmark.h>

#include "backtest/backtest_engine.hpp"
#include "bots/bot_registry.hpp"
#include "data/candle_reader.hpp"
#include "paper/paper_session.hpp"
#include "store/testing/test_stores.hpp"

namespace omega {
namespace {

// The bundled Binance BTC/USDT 1h bars, 2017-08 to 2024-04 (58,000 bars).
const data::CandleSeries& hourly_bars() {
  static const data::CandleSeries series = [] {
    auto read = data::read_candles(std::string(OMEGA_DATA_DIR) +
                                   "/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
    return read.ok() ? std::move(read->series) : data::CandleSeries(2, 6);
  }();
  return series;
}

// A seeded random walk of 1,000,000 1m bars around 30,000 with cent prices.
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
      price += static_cast<std::int64_t>(step(rng) * 100.0);
      if (price < 100'000) price = 100'000;
      s.push_back_raw(1'577'836'800'000'000'000LL + static_cast<std::int64_t>(i) * 60'000'000'000LL,
                      open, std::max(open, price) + 500, std::min(open, price) - 500, price,
                      1'000'000);
    }
    return s;
  }();
  return series;
}

backtest::BacktestConfig account(const data::CandleSeries& bars) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::from_raw_unchecked(1, bars.price_precision());
  spec.lot_step = Quantity::parse("0.00000001").value();
  spec.max_leverage = 125;
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  backtest::BacktestConfig c;
  c.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  c.starting_balance = Money::parse("10000").value();
  return c;
}

// Receives every bar and never trades: the loop's own per-bar cost.
class IdleBot final : public engine::Bot {
 public:
  std::string_view kind() const override { return "idle"; }
  void on_candle(const engine::CandleClosed& e) override { last_ = e.candle.close.raw(); }

 private:
  std::int64_t last_ = 0;
};

Result<std::unique_ptr<engine::Bot>> make(std::string_view bot) {
  if (bot == "idle") return std::unique_ptr<engine::Bot>(new IdleBot());
  return bots::make_bot(bot);
}

void paper(benchmark::State& state, const data::CandleSeries& bars, std::string_view bot,
           const char* speed, bool virtual_time) {
  if (bars.empty()) {
    state.SkipWithError("no bars");
    return;
  }
  std::size_t orders = 0;
  for (auto _ : state) {
    state.PauseTiming();
    store::testing::TempDir dir;
    std::vector<store::RedisOptions> redis;
    auto store = store::testing::open_test_store("sqlite", dir.path(), redis).value();
    std::vector<paper::PaperBot> bots(1);
    bots[0].name = std::string(bot);
    bots[0].bot = make(bot).value();
    bots[0].config = account(bars);
    bots[0].bars = bars;
    paper::VirtualSteadySource steady;
    paper::SessionOptions options;
    options.speed = paper::parse_replay_speed(speed).value();
    if (virtual_time) options.steady = &steady;
    auto session = paper::PaperSession::create(std::move(bots), *store, options);
    state.ResumeTiming();
    auto result = (*session)->run();
    if (!result.ok()) {
      state.SkipWithError("run");
      return;
    }
    orders = result->bots[0].result.orders.size();
    benchmark::DoNotOptimize(result->bots[0].result.final_equity);
    state.PauseTiming();
    session->reset();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
  state.counters["orders"] = static_cast<double>(orders);
}

void backtest_run(benchmark::State& state, const data::CandleSeries& bars, std::string_view bot) {
  std::size_t orders = 0;
  for (auto _ : state) {
    auto engine = backtest::BacktestEngine::create(account(bars)).value();
    (void)engine->add_bot(make(bot).value(), engine::BotId(std::string(bot)), Config());
    auto result = engine->run(bars);
    if (!result.ok()) {
      state.SkipWithError("run");
      return;
    }
    orders = result->orders.size();
    benchmark::DoNotOptimize(result->final_equity);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
  state.counters["orders"] = static_cast<double>(orders);
}

void BM_PaperMaxIdle1M(benchmark::State& s) {
  paper(s, million_bars(), "idle", "max", false);
}
void BM_BacktestIdle1M(benchmark::State& s) {
  backtest_run(s, million_bars(), "idle");
}
void BM_PaperPacedVirtualIdle1M(benchmark::State& s) {
  paper(s, million_bars(), "idle", "3600x", true);
}
void BM_PaperMaxSmaCross1h(benchmark::State& s) {
  paper(s, hourly_bars(), "sma_cross", "max", false);
}
void BM_BacktestSmaCross1h(benchmark::State& s) {
  backtest_run(s, hourly_bars(), "sma_cross");
}
void BM_PaperMaxFibonacci1h(benchmark::State& s) {
  paper(s, hourly_bars(), "fibonacci_trader", "max", false);
}
void BM_BacktestFibonacci1h(benchmark::State& s) {
  backtest_run(s, hourly_bars(), "fibonacci_trader");
}

BENCHMARK(BM_BacktestIdle1M)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_PaperMaxIdle1M)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_PaperPacedVirtualIdle1M)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BacktestSmaCross1h)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_PaperMaxSmaCross1h)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BacktestFibonacci1h)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_PaperMaxFibonacci1h)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace
}  // namespace omega
