// Provides parameter sweeps: run_sweep runs one backtest per parameter combination (a whole
// grid, or a seeded random sample of it) on worker threads that share the bars read-only, and
// RunTable keeps the one-line summaries sorted by a chosen metric in bounded memory (sorted
// chunks spill to a temporary file and are merged when read), so memory does not grow with the
// number of runs. Every run is deterministic and the table's order is total, so the table does
// not depend on the number of workers.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/performance/sharpe_stats.hpp"
#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/param_space.hpp"

namespace omega::backtest {

// The metric columns of a results row, in table order.
enum class RunMetric : std::uint8_t {
  kTotalReturn,
  kCagr,
  kSharpe,
  kSortino,
  kCalmar,
  kMaxDrawdown,
  kMaxDrawdownDays,
  kProfitFactor,
  kWinRate,
  kExpectancy,
  kTrades,
  kExposure,
  kFinalEquity,
  kFees,
};
inline constexpr std::size_t kRunMetricCount = 14;

// Returns the column name of a metric ("sharpe", "total_return", ...).
std::string_view metric_name(RunMetric metric);
// Parses a metric name; the error lists the known names.
Result<RunMetric> parse_metric(std::string_view name);
// Returns true for metrics where smaller is better (max_drawdown, max_drawdown_days, fees).
bool lower_is_better(RunMetric metric);

// One run's summary: what the results table keeps (fixed size, spillable as bytes).
struct RunRow {
  std::uint64_t run = 0;          // run number: grid order, or draw order in random search
  std::uint64_t combination = 0;  // index into the ParamSpace
  std::array<double, kRunMetricCount> values{};  // NaN where the metric is undefined

  double value(RunMetric m) const { return values[static_cast<std::size_t>(m)]; }
};

// Builds the row of run `run` of `combination` from its metrics.
RunRow summarize(std::uint64_t run, std::uint64_t combination, const BacktestMetrics& metrics);

// The table's total order: better `metric` first, undefined values last, then by run number.
bool ranks_before(const RunRow& a, const RunRow& b, RunMetric metric);

// Result rows sorted by a metric in bounded memory: rows gather in a buffer of `chunk_rows`;
// a full buffer is sorted and appended to an anonymous temporary file; reading merges the
// sorted chunks. Not thread-safe (run_sweep serialises adds).
class RunTable {
 public:
  explicit RunTable(RunMetric metric, std::size_t chunk_rows = 4096);
  ~RunTable();
  RunTable(const RunTable&) = delete;
  RunTable& operator=(const RunTable&) = delete;

  // Adds a row.
  Status add(const RunRow& row);
  // Calls `visit` with each row, best first (rank 1, 2, ...); stops at the first error.
  Status for_each_sorted(const std::function<Status(std::uint64_t rank, const RunRow&)>& visit);
  // Returns the number of rows.
  std::uint64_t size() const { return size_; }
  // Returns the best row so far.
  const std::optional<RunRow>& best() const { return best_; }
  RunMetric metric() const { return metric_; }

 private:
  struct Segment {
    std::uint64_t first = 0;  // row offset in the spill file
    std::uint64_t count = 0;
  };
  Status spill();

  RunMetric metric_;
  std::size_t chunk_rows_;
  std::vector<RunRow> buffer_;
  std::vector<Segment> segments_;
  std::FILE* spill_ = nullptr;
  std::uint64_t spilled_ = 0;
  std::uint64_t size_ = 0;
  std::optional<RunRow> best_;
};

// Builds a fresh bot for each run.
using BotFactory = std::function<Result<std::unique_ptr<engine::Bot>>()>;

// What a sweep runs.
struct SweepJob {
  const data::CandleSeries* bars = nullptr;    // shared read-only by every worker
  const data::CandleSeries* detail = nullptr;  // optional finer bars for matching
  BacktestConfig config;                       // copied for each run
  BotFactory make_bot;
  std::string bot_id = "bot";
  const ParamSpace* space = nullptr;
  std::uint64_t random_runs = 0;  // 0: every combination in grid order
  std::uint64_t seed = 0;         // seeds the random sample
  unsigned jobs = 1;              // worker threads
};

// What a sweep did besides filling the table.
struct SweepOutcome {
  std::uint64_t runs = 0;       // completed backtests (rows added)
  std::uint64_t rejected = 0;   // combinations the bot refused at initialisation
  std::string first_rejection;  // the refusal of the lowest-numbered rejected run
  // Per-day Sharpe ratio of every completed run (0 where undefined), summed in table order.
  analytics::RunningStats trial_sharpe;
};

// Returns the number of runs of a job (the grid size or the random sample size).
std::uint64_t run_count(const SweepJob& job);
// Returns the combination run `run` of a job uses.
std::uint64_t combination_of(const SweepJob& job, std::uint64_t run);

// Runs every run of `job` on `job.jobs` threads and adds their rows to `table`. Fails when the
// job is malformed, a random sample is larger than the grid, a run fails for another reason
// than its parameters, or the bot refuses every combination (the error says why, e.g. an
// unknown parameter name).
Result<SweepOutcome> run_sweep(const SweepJob& job, RunTable& table);

// Runs one combination of `job` over `bars` (and `detail`) and returns the whole result, for
// re-running the chosen parameters.
Result<BacktestResult> run_combination(const SweepJob& job, std::uint64_t combination,
                                       const data::CandleSeries& bars,
                                       const data::CandleSeries* detail);

// Returns the metrics of a result.
BacktestMetrics metrics_of(const BacktestResult& result);

}  // namespace omega::backtest
