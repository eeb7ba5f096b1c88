// Paper mode against the backtester: the same bot on the same bundled data gives the same
// orders, fills, trades and equity through PaperSession (paced or at max speed, stopped early or
// not) as through BacktestEngine::run, while every order lands in a real SQLite ledger under a
// per-run client id and a restarted run reconciles what the previous one left open.
#include "paper/paper_session.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "bots/bot_registry.hpp"
#include "data/candle_reader.hpp"
#include "store/open_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega {
namespace {

namespace fs = std::filesystem;

const char* kData = "market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz";

data::CandleSeries load_bars(std::size_t count) {
  auto read = data::read_candles(fs::path(OMEGA_REPO_DATA_DIR) / kData);
  EXPECT_TRUE(read.ok()) << read.error().to_string();
  std::vector<std::size_t> rows;
  // A year and a bit from 2021: bull and bear legs for both bots.
  const std::size_t first = 30'000;
  for (std::size_t i = first; i < first + count && i < read->series.size(); ++i) rows.push_back(i);
  return read->series.gather(rows);
}

backtest::BacktestConfig account(int price_precision) {
  backtest::BacktestConfig config;
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::from_raw_unchecked(1, price_precision);
  spec.lot_step = Quantity::parse("0.00000001").value();
  spec.max_leverage = 125;
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  config.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  config.fees = backtest::FeeSchedule{spec.maker_fee, spec.taker_fee};
  config.starting_balance = Money::parse("10000").value();
  return config;
}

Config params_of(const std::string& yaml) {
  ConfigOptions options;
  options.apply_env = false;
  return Config::parse(yaml.empty() ? "{}" : yaml, "test", options).value();
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes a result with the backtest's writer and returns orders.csv, trades.csv, equity.csv.
std::vector<std::string> written(const backtest::BacktestResult& r, const fs::path& dir,
                                 const std::string& bot, int pp) {
  backtest::ReportInfo info;
  info.bot = bot;
  info.symbol = "BTC/USDT";
  info.price_precision = pp;
  const auto m = backtest::compute_metrics(r.equity, r.starting_balance.to_double(), r.trips,
                                           r.fees_paid.to_double(), r.funding_paid.to_double());
  EXPECT_TRUE(backtest::write_report(dir, info, r, m).ok());
  return {read_text(dir / "orders.csv"), read_text(dir / "trades.csv"),
          read_text(dir / "equity.csv")};
}

backtest::BacktestResult backtest_run(const std::string& kind, const std::string& params,
                                      const data::CandleSeries& bars) {
  auto engine = backtest::BacktestEngine::create(account(bars.price_precision())).value();
  EXPECT_TRUE(
      engine->add_bot(bots::make_bot(kind).value(), engine::BotId(kind), params_of(params)).ok());
  auto result = engine->run(bars);
  EXPECT_TRUE(result.ok()) << result.error().to_string();
  return std::move(result).value();
}

paper::PaperBot paper_bot(const std::string& kind, const std::string& params,
                          const data::CandleSeries& bars) {
  paper::PaperBot b;
  b.name = kind;
  b.bot = bots::make_bot(kind).value();
  b.params = params_of(params);
  b.config = account(bars.price_precision());
  b.bars = bars;
  return b;
}

// Counts what the session reported as it ran.
struct Recorder final : paper::SessionListener {
  void on_started() override { ++started; }
  void on_order(std::size_t, const engine::OrderUpdated& u) override {
    if (u.kind == engine::OrderUpdateKind::kFilled ||
        u.kind == engine::OrderUpdateKind::kPartiallyFilled) {
      ++fills;
    }
  }
  void on_signal(std::size_t, const engine::SignalPublished&) override { ++signals; }
  void on_store_error(std::size_t, const Error& e) override { errors.push_back(e.to_string()); }
  int started = 0;
  int fills = 0;
  int signals = 0;
  std::vector<std::string> errors;
};

class PaperSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::testing::open_test_store("sqlite", dir_.path(), redis_);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    store_ = std::move(opened).value();
  }
  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
};

struct Case {
  std::string kind;
  std::string params;
};

void expect_parity(store::Store& store, const fs::path& dir, const Case& c,
                   const data::CandleSeries& bars, paper::SessionOptions options) {
  const auto expected = written(backtest_run(c.kind, c.params, bars), dir / "backtest", c.kind,
                                bars.price_precision());
  std::vector<paper::PaperBot> bots;
  bots.push_back(paper_bot(c.kind, c.params, bars));
  Recorder recorder;
  auto session = paper::PaperSession::create(std::move(bots), store, options, &recorder);
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  auto result = (*session)->run();
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  ASSERT_EQ(result->bots.size(), 1u);
  EXPECT_FALSE(result->stopped);
  EXPECT_EQ(result->bots[0].result.bars, bars.size());
  const auto got = written(result->bots[0].result, dir / "paper", c.kind, bars.price_precision());
  EXPECT_EQ(got[0], expected[0]) << c.kind << ": orders.csv differs";
  EXPECT_EQ(got[1], expected[1]) << c.kind << ": trades.csv differs";
  EXPECT_EQ(got[2], expected[2]) << c.kind << ": equity.csv differs";
  EXPECT_EQ(recorder.started, 1);
  EXPECT_TRUE(recorder.errors.empty()) << recorder.errors.front();
  // Real orders, not an empty comparison.
  EXPECT_GT(result->bots[0].result.orders.size(), 4u) << c.kind;
  EXPECT_GT(recorder.fills, 2) << c.kind;

  // Every order reached the ledger before the exchange, under this run's prefix, and every
  // fill the bot saw is there.
  auto orders = store.orders();
  ASSERT_TRUE(orders.ok());
  std::size_t sent = 0;
  for (const auto& o : result->bots[0].result.orders) {
    if (o.status == engine::OrderUpdateKind::kDenied) continue;
    ++sent;
    auto in_ledger = store.order((*session)->ledger_id(0, o.id));
    ASSERT_TRUE(in_ledger.ok());
    ASSERT_TRUE(in_ledger->has_value()) << o.id.value() << " missing from the ledger";
    EXPECT_EQ((*in_ledger)->bot_id.value(), c.kind);
    EXPECT_EQ((*in_ledger)->client_order_id.value().rfind("r1.", 0), 0u);
    if (o.status == engine::OrderUpdateKind::kFilled) {
      EXPECT_EQ((*in_ledger)->status, OrderStatus::kFilled) << o.id.value();
    }
  }
  EXPECT_EQ(orders->size(), sent);
  auto fills = store.fills();
  ASSERT_TRUE(fills.ok());
  EXPECT_EQ(static_cast<int>(fills->size()), recorder.fills);
}

TEST_F(PaperSessionTest, SmaCrossAtMaxSpeedMatchesTheBacktest) {
  const auto bars = load_bars(4000);
  paper::SessionOptions options;
  options.speed = paper::parse_replay_speed("max").value();
  expect_parity(*store_, dir_.path(), {"sma_cross", "fast: 10\nslow: 30\n"}, bars, options);
}

TEST_F(PaperSessionTest, FibonacciTraderAtMaxSpeedMatchesTheBacktest) {
  const auto bars = load_bars(6000);
  paper::SessionOptions options;
  options.speed = paper::parse_replay_speed("max").value();
  expect_parity(*store_, dir_.path(), {"fibonacci_trader", ""}, bars, options);
}

TEST_F(PaperSessionTest, PacedReplayWaitsForEveryBarAndMatchesTheBacktest) {
  const auto bars = load_bars(600);
  paper::VirtualSteadySource steady;
  paper::SessionOptions options;
  options.speed = paper::parse_replay_speed("3600x").value();  // a 1h bar every second
  options.steady = &steady;
  expect_parity(*store_, dir_.path(), {"sma_cross", "fast: 5\nslow: 20\n"}, bars, options);
  // One wait per bar, and the last bar's close came due (its close - the first open) / 3600
  // after the start: 600 s plus one per missing hour in the data.
  EXPECT_EQ(steady.waits(), bars.size());
  const std::int64_t market_ns =
      bars.open_time(bars.size() - 1).ns() + 3'600'000'000'000LL - bars.open_time(0).ns();
  EXPECT_EQ(steady.now().time_since_epoch(), std::chrono::nanoseconds(market_ns / 3600));
  EXPECT_GE(market_ns / 3600, 600'000'000'000LL);
}

TEST_F(PaperSessionTest, StopAfterNBarsFinishesCleanlyAndMatchesABacktestOfThoseBars) {
  const auto bars = load_bars(3000);
  const std::size_t cut = 1234;
  std::vector<std::size_t> rows(cut);
  for (std::size_t i = 0; i < cut; ++i) rows[i] = i;
  const auto expected = written(backtest_run("sma_cross", "", bars.gather(rows)),
                                dir_.path() / "backtest", "sma_cross", bars.price_precision());

  // A stop requested from another thread at a known bar: the session polls nothing, it is told.
  struct StopAt final : paper::SessionListener {
    void on_order(std::size_t, const engine::OrderUpdated&) override {}
  } listener;
  std::vector<paper::PaperBot> bots;
  bots.push_back(paper_bot("sma_cross", "", bars));
  paper::SessionOptions options;
  options.speed = paper::parse_replay_speed("max").value();
  auto session = paper::PaperSession::create(std::move(bots), *store_, options, &listener);
  ASSERT_TRUE(session.ok()) << session.error().to_string();
  paper::PaperSession* s = session->get();
  std::size_t seen = 0;
  s->kernel(0).bus().subscribe<engine::CandleClosed>([&](const engine::CandleClosed&) {
    if (++seen == cut) {
      std::thread([s] { s->request_stop("test"); }).join();
    }
  });
  auto result = s->run();
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(result->stopped);
  EXPECT_EQ(result->stop_reason, "test");
  EXPECT_EQ(result->bots[0].result.bars, cut);
  const auto got =
      written(result->bots[0].result, dir_.path() / "paper", "sma_cross", bars.price_precision());
  EXPECT_EQ(got[0], expected[0]);
  EXPECT_EQ(got[1], expected[1]);
  EXPECT_EQ(got[2], expected[2]);
}

TEST_F(PaperSessionTest, PostedTasksRunOnTheKernelThreadBetweenSteps) {
  const auto bars = load_bars(500);
  std::vector<paper::PaperBot> bots;
  bots.push_back(paper_bot("sma_cross", "fast: 5\nslow: 20\n", bars));
  paper::SessionOptions options;
  options.speed = paper::parse_replay_speed("max").value();
  auto session = paper::PaperSession::create(std::move(bots), *store_, options);
  ASSERT_TRUE(session.ok());
  paper::PaperSession* s = session->get();
  std::size_t seen = 0;
  std::size_t halted_at = 0;
  s->kernel(0).bus().subscribe<engine::CandleClosed>([&](const engine::CandleClosed&) {
    if (++seen == 100) {
      s->post([&](paper::PaperSession& ps) {
        halted_at = seen;
        ps.kernel(0).halt("operator");
      });
    }
    if (seen == 200) s->post([](paper::PaperSession& ps) { ps.stop_bot(0); });
  });
  auto result = s->run();
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->stopped);  // the bot was stopped, not the session
  EXPECT_EQ(halted_at, 100u);     // ran before bar 101, on this thread
  EXPECT_EQ(result->bots[0].result.bars, 200u);
  bool halt_notified = false;
  for (const auto& n : result->bots[0].result.notifications) {
    halt_notified = halt_notified || n.text.find("trading halted: operator") != std::string::npos;
  }
  EXPECT_TRUE(halt_notified);
}

TEST_F(PaperSessionTest, ARestartedRunGetsNewIdsAndReconcilesWhatTheLastOneLeftOpen) {
  const auto bars = load_bars(3000);
  auto run_once = [&]() {
    std::vector<paper::PaperBot> bots;
    bots.push_back(paper_bot("fibonacci_trader", "", bars));
    paper::SessionOptions options;
    options.speed = paper::parse_replay_speed("max").value();
    auto session = paper::PaperSession::create(std::move(bots), *store_, options);
    EXPECT_TRUE(session.ok()) << session.error().to_string();
    auto result = (*session)->run();
    EXPECT_TRUE(result.ok());
    return std::move(result).value();
  };
  const auto first = run_once();
  EXPECT_EQ(first.bots[0].run_number, 1u);
  EXPECT_EQ(first.reconciled.orders_checked, 0u);
  auto after_first = store_->orders();
  ASSERT_TRUE(after_first.ok());
  std::size_t left_open = 0;
  for (const auto& o : *after_first) left_open += is_terminal(o.status) ? 0 : 1;

  const auto second = run_once();
  EXPECT_EQ(second.bots[0].run_number, 2u);
  // The first run's open orders died with its exchange: marked canceled, never duplicated.
  EXPECT_EQ(second.reconciled.orders_never_sent, left_open);
  auto orders = store_->orders();
  ASSERT_TRUE(orders.ok());
  EXPECT_EQ(orders->size(), 2 * after_first->size());  // the same orders again, new ids
  std::size_t second_run = 0;
  for (const auto& o : *orders) {
    if (o.client_order_id.value().rfind("r2.", 0) == 0) ++second_run;
  }
  EXPECT_EQ(second_run, after_first->size());
  for (const auto& o : *orders) {
    if (o.client_order_id.value().rfind("r1.", 0) == 0) {
      EXPECT_TRUE(is_terminal(o.status)) << o.client_order_id.value();
    }
  }
}

}  // namespace
}  // namespace omega
