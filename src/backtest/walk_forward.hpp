// Provides walk-forward analysis: plan_windows lays rolling (or anchored) in-sample training
// windows and the out-of-sample test windows that follow them over a data span, and
// run_walk_forward optimises the parameters on each training window with a sweep, evaluates the
// winner on the test window that follows, and stitches the test windows' equity into one
// out-of-sample curve, so in-sample and out-of-sample figures can be read side by side.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analytics/performance/sharpe_stats.hpp"
#include "backtest/sweep.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"

namespace omega::backtest {

// How windows are laid out.
struct WindowSpec {
  Duration train{0};         // length of each in-sample window (rolling) or its first one
  Duration test{0};          // length of each out-of-sample window
  Duration step{0};          // distance between consecutive windows; 0 means `test`
  bool anchored = false;     // true: every training window starts at the first bar
  bool keep_partial = true;  // keep a last test window that the data cuts short
};

// One training window and the test window that follows it: [start, end) intervals; the test
// window starts where the training window ends, so no bar is in both.
struct Window {
  std::size_t index = 0;
  Timestamp train_start;
  Timestamp train_end;
  Timestamp test_start;
  Timestamp test_end;
  bool partial = false;  // the data ended before the full test length
};

// Lays windows over [data_start, data_end): window k's training starts at data_start + k * step
// (or at data_start when anchored) and lasts `train`; its test window follows for `test`, cut at
// data_end (kept only with keep_partial). Fails on a non-positive length, a step shorter than
// the test window (test windows would overlap and the stitched curve would count days twice),
// or a span too short for one training window followed by any test data.
Result<std::vector<Window>> plan_windows(Timestamp data_start, Timestamp data_end,
                                         const WindowSpec& spec);

// Returns the rows of `bars` that lie wholly inside [start, end): open >= start and close <=
// end, so a bar straddling a boundary belongs to neither side.
std::vector<std::size_t> rows_within(const data::CandleSeries& bars, const Timeframe& timeframe,
                                     Timestamp start, Timestamp end);

// One window's outcome.
struct WindowResult {
  Window window;
  std::size_t train_bars = 0;
  std::size_t test_bars = 0;
  std::uint64_t trials = 0;            // completed in-sample runs
  std::uint64_t rejected = 0;          // combinations the bot refused
  RunRow in_sample;                    // the chosen combination's in-sample row
  RunRow out_of_sample;                // the same combination on the test window
  analytics::DeflatedSharpe deflated;  // of the chosen combination, in sample, after `trials`
};

// The whole analysis.
struct WalkForwardReport {
  std::vector<WindowResult> windows;
  std::vector<EquityPoint> oos_equity;    // test windows chained: each starts where the last ended
  BacktestMetrics oos_metrics;            // metrics of the stitched curve
  double oos_probabilistic_sharpe = 0.0;  // PSR(0) of the stitched curve's daily returns
  std::size_t oos_days = 0;
};

// Runs the analysis: `job.bars` (and `job.detail`) hold all the data, `job` says what to sweep
// in each training window, `metric` chooses the winner. Each test run starts flat, with the
// starting balance and a fresh bot.
Result<WalkForwardReport> run_walk_forward(const SweepJob& job, const std::vector<Window>& windows,
                                           RunMetric metric, const Timeframe& timeframe);

}  // namespace omega::backtest
