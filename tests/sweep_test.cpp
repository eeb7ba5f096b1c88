// Sweeps and walk-forward through the real engine and bot on bundled data: the same rows with
// one and two workers, random search fixed by its seed, and walk-forward windows whose test
// runs see no training bar and chain into the stitched out-of-sample curve.
#include "backtest/sweep.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "backtest/walk_forward.hpp"
#include "bots/bot_registry.hpp"
#include "data/candle_reader.hpp"

namespace omega {
namespace {

// Two years of bundled hourly BTC/USDT bars, read once.
const data::CandleSeries& hourly_bars() {
  static const data::CandleSeries bars = [] {
    const auto path = std::filesystem::path(OMEGA_DATA_DIR) / "market" /
                      "binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz";
    auto read = data::read_candles(path.string()).value();
    const Timestamp from = parse_iso8601("2019-01-01T00:00:00Z").value();
    const Timestamp to = parse_iso8601("2021-01-01T00:00:00Z").value();
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < read.series.size(); ++i) {
      const Timestamp t = read.series.open_time(i);
      if (t >= from && t < to) rows.push_back(i);
    }
    return read.series.gather(rows);
  }();
  return bars;
}

backtest::BacktestConfig spot_config() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.00000001").value();
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  backtest::BacktestConfig c;
  c.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  c.starting_balance = Money::parse("10000").value();
  return c;
}

backtest::SweepJob job_for(const backtest::ParamSpace& space, unsigned jobs) {
  backtest::SweepJob job;
  job.bars = &hourly_bars();
  job.config = spot_config();
  job.make_bot = [] { return bots::make_bot("sma_cross"); };
  job.bot_id = "sma_cross";
  job.space = &space;
  job.jobs = jobs;
  return job;
}

std::vector<backtest::RunRow> rows_of(backtest::RunTable& table) {
  std::vector<backtest::RunRow> rows;
  EXPECT_TRUE(table
                  .for_each_sorted([&](std::uint64_t, const backtest::RunRow& r) {
                    rows.push_back(r);
                    return ok_status();
                  })
                  .ok());
  return rows;
}

void expect_same_rows(const std::vector<backtest::RunRow>& a,
                      const std::vector<backtest::RunRow>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].run, b[i].run) << i;
    EXPECT_EQ(a[i].combination, b[i].combination) << i;
    for (std::size_t m = 0; m < backtest::kRunMetricCount; ++m) {
      // Bit for bit: NaN where undefined on both sides, otherwise the same double.
      EXPECT_TRUE((std::isnan(a[i].values[m]) && std::isnan(b[i].values[m])) ||
                  a[i].values[m] == b[i].values[m])
          << "row " << i << " metric " << m;
    }
  }
}

TEST(Sweep, GridGivesTheSameTableWithOneAndTwoWorkers) {
  const std::vector<std::string> grid = {"fast=5:25:5", "slow=20:60:20"};
  const auto space = backtest::ParamSpace::parse(grid).value();
  backtest::RunTable one(backtest::RunMetric::kSharpe);
  backtest::RunTable two(backtest::RunMetric::kSharpe, 3);  // and spilling changes nothing
  auto a = backtest::run_sweep(job_for(space, 1), one);
  auto b = backtest::run_sweep(job_for(space, 2), two);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  EXPECT_EQ(a->runs, 13u);  // 15 combinations, (20, 20) and (25, 20) rejected
  EXPECT_EQ(a->rejected, 2u);
  EXPECT_NE(a->first_rejection.find("fast=20 slow=20"), std::string::npos) << a->first_rejection;
  EXPECT_EQ(a->trial_sharpe.variance(), b->trial_sharpe.variance());
  expect_same_rows(rows_of(one), rows_of(two));
  // The table is sorted by Sharpe, best first, and its best row is the first.
  const auto rows = rows_of(one);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i - 1].value(backtest::RunMetric::kSharpe),
              rows[i].value(backtest::RunMetric::kSharpe));
  }
  EXPECT_EQ(one.best()->run, rows.front().run);
  // A row is the same backtest run alone.
  auto alone =
      backtest::run_combination(job_for(space, 1), rows[3].combination, hourly_bars(), nullptr);
  ASSERT_TRUE(alone.ok());
  expect_same_rows(
      {backtest::summarize(rows[3].run, rows[3].combination, backtest::metrics_of(*alone))},
      {rows[3]});
}

TEST(Sweep, RandomSearchFollowsItsSeed) {
  const std::vector<std::string> grid = {"fast=2:40:1", "slow=10:200:5"};
  const auto space = backtest::ParamSpace::parse(grid).value();
  auto random_job = [&](unsigned jobs, std::uint64_t seed) {
    auto job = job_for(space, jobs);
    job.random_runs = 12;
    job.seed = seed;
    return job;
  };
  backtest::RunTable a(backtest::RunMetric::kTotalReturn);
  backtest::RunTable b(backtest::RunMetric::kTotalReturn);
  backtest::RunTable c(backtest::RunMetric::kTotalReturn);
  ASSERT_TRUE(backtest::run_sweep(random_job(1, 7), a).ok());
  ASSERT_TRUE(backtest::run_sweep(random_job(2, 7), b).ok());
  ASSERT_TRUE(backtest::run_sweep(random_job(2, 8), c).ok());
  const auto ra = rows_of(a);
  expect_same_rows(ra, rows_of(b));
  std::set<std::uint64_t> drawn;
  for (const auto& r : ra) {
    EXPECT_EQ(r.combination, backtest::combination_of(random_job(1, 7), r.run));
    drawn.insert(r.combination);
  }
  EXPECT_EQ(drawn.size(), 12u);  // drawn without repeats
  std::set<std::uint64_t> other;
  for (std::uint64_t run = 0; run < 12; ++run) {
    other.insert(backtest::combination_of(random_job(1, 8), run));
  }
  EXPECT_NE(drawn, other);
  // Too large a sample is refused.
  auto too_many = job_for(space, 1);
  too_many.random_runs = space.size() + 1;
  backtest::RunTable d(backtest::RunMetric::kSharpe);
  EXPECT_FALSE(backtest::run_sweep(too_many, d).ok());
}

TEST(WalkForward, TestRunsSeeNoTrainingBarAndChainIntoTheStitchedCurve) {
  const std::vector<std::string> grid = {"fast=5:25:10", "slow=30,60"};
  const auto space = backtest::ParamSpace::parse(grid).value();
  const auto& bars = hourly_bars();
  const Timeframe tf = Timeframe::parse("1h").value();
  backtest::WindowSpec spec;
  spec.train = Duration(180 * kNanosPerDay);
  spec.test = Duration(60 * kNanosPerDay);
  const Timestamp end = bars.open_time(bars.size() - 1) + tf.duration();
  const auto windows = backtest::plan_windows(bars.open_time(0), end, spec).value();
  ASSERT_EQ(windows.size(), 10u);  // 731 days: tests from day 180 in steps of 60, last partial
  EXPECT_TRUE(windows.back().partial);

  auto one =
      backtest::run_walk_forward(job_for(space, 1), windows, backtest::RunMetric::kSharpe, tf);
  auto two =
      backtest::run_walk_forward(job_for(space, 2), windows, backtest::RunMetric::kSharpe, tf);
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(one->windows.size(), windows.size());
  std::size_t test_bars = 0;
  double chained = 1.0;
  for (std::size_t k = 0; k < windows.size(); ++k) {
    const auto& w = one->windows[k];
    EXPECT_EQ(w.trials, 6u);
    EXPECT_EQ(w.in_sample.combination, two->windows[k].in_sample.combination);
    expect_same_rows({w.out_of_sample}, {two->windows[k].out_of_sample});
    EXPECT_GE(w.deflated.probability, 0.0);
    EXPECT_LE(w.deflated.probability, 1.0);
    EXPECT_EQ(w.deflated.trials, 6u);
    const auto train_rows =
        backtest::rows_within(bars, tf, w.window.train_start, w.window.train_end);
    const auto test_rows = backtest::rows_within(bars, tf, w.window.test_start, w.window.test_end);
    EXPECT_EQ(w.train_bars, train_rows.size());
    EXPECT_EQ(w.test_bars, test_rows.size());
    // No leak: the last training bar closes before the first test bar opens.
    EXPECT_LE(bars.open_time(train_rows.back()).ns() + tf.duration().count(),
              bars.open_time(test_rows.front()).ns());
    test_bars += w.test_bars;
    chained *= 1.0 + w.out_of_sample.value(backtest::RunMetric::kTotalReturn);
  }
  // One stitched point per test bar, and the curve compounds the windows' returns.
  EXPECT_EQ(one->oos_equity.size(), test_bars);
  EXPECT_NEAR(1.0 + one->oos_metrics.total_return, chained, 1e-6);
  EXPECT_EQ(one->oos_equity.front().ts, windows.front().test_start + tf.duration());
  EXPECT_EQ(one->oos_metrics.total_return, two->oos_metrics.total_return);
}

}  // namespace
}  // namespace omega
