// Provides the files of `omega sweep` (results.csv, results.json: every run, best first) and
// `omega walkforward` (windows.csv, walkforward.json, oos_equity.csv). The files hold no
// timings, so the same inputs give the same bytes however many workers ran.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "analytics/performance/sharpe_stats.hpp"
#include "backtest/sweep.hpp"
#include "backtest/walk_forward.hpp"

namespace omega::backtest {

// What the files say about how the search was set up.
struct SweepInfo {
  std::string bot;
  std::string symbol;
  std::string data_file;
  RunMetric metric = RunMetric::kSharpe;
  std::uint64_t random_runs = 0;  // 0: the whole grid
  std::uint64_t seed = 0;
};

// Writes results.csv and results.json into `dir` (created if needed; each file replaced
// atomically): one row per completed run in `table` order, the parameter values, the metrics,
// and for the best run the deflated Sharpe ratio `best`.
Status write_sweep_results(const std::filesystem::path& dir, const SweepInfo& info,
                           const ParamSpace& space, RunTable& table, const SweepOutcome& outcome,
                           const std::optional<analytics::DeflatedSharpe>& best);

// Writes windows.csv (in-sample and out-of-sample metrics side by side per window),
// walkforward.json (settings, windows, stitched out-of-sample aggregate) and oos_equity.csv.
Status write_walk_forward(const std::filesystem::path& dir, const SweepInfo& info,
                          const WindowSpec& spec, const ParamSpace& space,
                          const WalkForwardReport& report);

}  // namespace omega::backtest
