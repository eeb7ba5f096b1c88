// Implements parameter sweeps and the spilling results table.
#include "backtest/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <queue>
#include <thread>
#include <type_traits>

#include <fmt/format.h>

namespace omega::backtest {
namespace {

// Rows are spilled and read back as bytes.
static_assert(std::is_trivially_copyable_v<RunRow>);

constexpr std::array<std::string_view, kRunMetricCount> kMetricNames = {
    "total_return",      "cagr",          "sharpe",   "sortino",    "calmar", "max_drawdown",
    "max_drawdown_days", "profit_factor", "win_rate", "expectancy", "trades", "exposure",
    "final_equity",      "fees"};

double or_nan(const std::optional<double>& v) {
  return v ? *v : std::numeric_limits<double>::quiet_NaN();
}

// Why a run failed: the bot refused its parameters, or something else went wrong.
struct RunFailure {
  Error error;
  bool rejected = false;
};

Result<BacktestResult> run_one(const SweepJob& job, std::uint64_t combination,
                               const data::CandleSeries& bars, const data::CandleSeries* detail,
                               bool& rejected) {
  rejected = false;
  OMEGA_ASSIGN_OR_RETURN(auto engine, BacktestEngine::create(job.config));
  OMEGA_ASSIGN_OR_RETURN(auto bot, job.make_bot());
  ConfigOptions options;
  options.apply_env = false;
  OMEGA_ASSIGN_OR_RETURN(Config params,
                         Config::parse(job.space->yaml(combination), "--grid", options));
  if (Status s = engine->add_bot(std::move(bot), engine::BotId(job.bot_id), params); !s.ok()) {
    rejected = true;
    return std::move(s).error().with_context(describe(*job.space, combination));
  }
  return engine->run(bars, detail);
}

}  // namespace

std::string_view metric_name(RunMetric metric) {
  return kMetricNames[static_cast<std::size_t>(metric)];
}

Result<RunMetric> parse_metric(std::string_view name) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i) {
    if (kMetricNames[i] == name) return static_cast<RunMetric>(i);
  }
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown metric '{}' (known: {})", name, fmt::join(kMetricNames, ", ")));
}

bool lower_is_better(RunMetric metric) {
  return metric == RunMetric::kMaxDrawdown || metric == RunMetric::kMaxDrawdownDays ||
         metric == RunMetric::kFees;
}

RunRow summarize(std::uint64_t run, std::uint64_t combination, const BacktestMetrics& m) {
  RunRow row;
  row.run = run;
  row.combination = combination;
  auto set = [&row](RunMetric k, double v) { row.values[static_cast<std::size_t>(k)] = v; };
  set(RunMetric::kTotalReturn, m.total_return);
  set(RunMetric::kCagr, m.cagr);
  set(RunMetric::kSharpe, or_nan(m.sharpe));
  set(RunMetric::kSortino, or_nan(m.sortino));
  set(RunMetric::kCalmar, or_nan(m.calmar));
  set(RunMetric::kMaxDrawdown, m.max_drawdown);
  set(RunMetric::kMaxDrawdownDays, m.max_drawdown_days);
  set(RunMetric::kProfitFactor, or_nan(m.profit_factor));
  set(RunMetric::kWinRate, m.win_rate);
  set(RunMetric::kExpectancy, m.expectancy);
  set(RunMetric::kTrades, static_cast<double>(m.trades));
  set(RunMetric::kExposure, m.exposure);
  set(RunMetric::kFinalEquity, m.final_equity);
  set(RunMetric::kFees, m.fees);
  return row;
}

bool ranks_before(const RunRow& a, const RunRow& b, RunMetric metric) {
  const double x = a.value(metric);
  const double y = b.value(metric);
  const bool x_defined = !std::isnan(x);
  const bool y_defined = !std::isnan(y);
  if (x_defined != y_defined) return x_defined;
  if (x_defined && x != y) return lower_is_better(metric) ? x < y : x > y;
  return a.run < b.run;
}

RunTable::RunTable(RunMetric metric, std::size_t chunk_rows)
    : metric_(metric), chunk_rows_(std::max<std::size_t>(chunk_rows, 1)) {}

RunTable::~RunTable() {
  if (spill_ != nullptr) std::fclose(spill_);
}

Status RunTable::add(const RunRow& row) {
  if (!best_ || ranks_before(row, *best_, metric_)) best_ = row;
  ++size_;
  if (buffer_.capacity() < chunk_rows_) buffer_.reserve(chunk_rows_);
  buffer_.push_back(row);
  if (buffer_.size() >= chunk_rows_) return spill();
  return ok_status();
}

Status RunTable::spill() {
  if (spill_ == nullptr) {
    spill_ = std::tmpfile();
    if (spill_ == nullptr) {
      return Error(ErrorCode::kIo, "cannot create a temporary file for the sweep's results");
    }
  }
  std::sort(buffer_.begin(), buffer_.end(),
            [this](const RunRow& a, const RunRow& b) { return ranks_before(a, b, metric_); });
  if (std::fseek(spill_, 0, SEEK_END) != 0 ||
      std::fwrite(buffer_.data(), sizeof(RunRow), buffer_.size(), spill_) != buffer_.size()) {
    return Error(ErrorCode::kIo, "cannot write the sweep's temporary results file");
  }
  segments_.push_back(Segment{spilled_, buffer_.size()});
  spilled_ += buffer_.size();
  buffer_.clear();
  return ok_status();
}

Status RunTable::for_each_sorted(
    const std::function<Status(std::uint64_t rank, const RunRow&)>& visit) {
  const auto before = [this](const RunRow& a, const RunRow& b) {
    return ranks_before(a, b, metric_);
  };
  std::sort(buffer_.begin(), buffer_.end(), before);
  // One cursor per spilled chunk plus one over the buffer; a heap yields the best head.
  struct Cursor {
    std::uint64_t next = 0;  // next row (file offset in rows, or buffer index)
    std::uint64_t end = 0;
    bool in_file = false;
    RunRow head;
  };
  std::vector<Cursor> cursors;
  cursors.reserve(segments_.size() + 1);
  auto advance = [this](Cursor& c) -> Result<bool> {
    if (c.next == c.end) return false;
    if (c.in_file) {
      if (std::fseek(spill_, static_cast<long>(c.next * sizeof(RunRow)), SEEK_SET) != 0 ||
          std::fread(&c.head, sizeof(RunRow), 1, spill_) != 1) {
        return Error(ErrorCode::kIo, "cannot read the sweep's temporary results file");
      }
    } else {
      c.head = buffer_[c.next];
    }
    ++c.next;
    return true;
  };
  for (const Segment& s : segments_)
    cursors.push_back(Cursor{s.first, s.first + s.count, true, {}});
  cursors.push_back(Cursor{0, buffer_.size(), false, {}});
  const auto worse = [&](std::size_t a, std::size_t b) {
    return before(cursors[b].head, cursors[a].head);
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(worse)> heap(worse);
  for (std::size_t i = 0; i < cursors.size(); ++i) {
    OMEGA_ASSIGN_OR_RETURN(bool has, advance(cursors[i]));
    if (has) heap.push(i);
  }
  std::uint64_t rank = 0;
  while (!heap.empty()) {
    const std::size_t i = heap.top();
    heap.pop();
    OMEGA_TRY(visit(++rank, cursors[i].head));
    OMEGA_ASSIGN_OR_RETURN(bool has, advance(cursors[i]));
    if (has) heap.push(i);
  }
  return ok_status();
}

std::uint64_t run_count(const SweepJob& job) {
  return job.random_runs > 0 ? job.random_runs : job.space->size();
}

std::uint64_t combination_of(const SweepJob& job, std::uint64_t run) {
  if (job.random_runs == 0) return run;
  return RandomOrder(job.space->size(), job.seed).at(run);
}

BacktestMetrics metrics_of(const BacktestResult& r) {
  return compute_metrics(r.equity, r.starting_balance.to_double(), r.trips, r.fees_paid.to_double(),
                         r.funding_paid.to_double());
}

Result<BacktestResult> run_combination(const SweepJob& job, std::uint64_t combination,
                                       const data::CandleSeries& bars,
                                       const data::CandleSeries* detail) {
  bool rejected = false;
  return run_one(job, combination, bars, detail, rejected);
}

Result<SweepOutcome> run_sweep(const SweepJob& job, RunTable& table) {
  if (job.bars == nullptr || job.space == nullptr || !job.make_bot) {
    return Error(ErrorCode::kInvalidArgument, "a sweep needs bars, a parameter space and a bot");
  }
  if (job.random_runs > job.space->size()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("--random {} asks for more runs than the grid's {} combinations",
                             job.random_runs, job.space->size()));
  }
  const std::uint64_t total = run_count(job);
  const RandomOrder order(job.space->size(), job.seed);
  const unsigned jobs = std::max(1u, job.jobs);

  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards table, outcome and the failure
  SweepOutcome outcome;
  std::uint64_t first_rejected_run = UINT64_MAX;
  std::optional<Error> failure;
  std::uint64_t failed_run = UINT64_MAX;
  auto work = [&] {
    for (;;) {
      if (stop.load(std::memory_order_relaxed)) return;
      const std::uint64_t run = next.fetch_add(1, std::memory_order_relaxed);
      if (run >= total) return;
      const std::uint64_t combination = job.random_runs > 0 ? order.at(run) : run;
      bool rejected = false;
      Result<BacktestResult> result = run_one(job, combination, *job.bars, job.detail, rejected);
      if (!result.ok()) {
        std::lock_guard lock(mutex);
        if (rejected) {
          ++outcome.rejected;
          if (run < first_rejected_run) {
            first_rejected_run = run;
            outcome.first_rejection = result.error().to_string();
          }
          continue;
        }
        if (run < failed_run) {
          failed_run = run;
          failure = std::move(result).error().with_context(
              fmt::format("sweep run {} ({})", run, describe(*job.space, combination)));
        }
        stop.store(true);
        return;
      }
      // Only the summary survives the run; the curve, trips and orders are freed here.
      const BacktestMetrics metrics = metrics_of(*result);
      result = Error(ErrorCode::kState, "released");
      const RunRow row = summarize(run, combination, metrics);
      std::lock_guard lock(mutex);
      if (Status s = table.add(row); !s.ok()) {
        if (!failure) failure = s.error();
        stop.store(true);
        return;
      }
      ++outcome.runs;
    }
  };
  if (jobs == 1) {
    work();
  } else {
    std::vector<std::jthread> workers;
    workers.reserve(jobs);
    for (unsigned i = 0; i < jobs; ++i) workers.emplace_back(work);
  }
  if (failure) return *failure;
  if (outcome.runs == 0 && outcome.rejected > 0) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("the bot rejected every combination; the first: {}", outcome.first_rejection));
  }
  // The trials' Sharpe ratios are summed in table order, so the figure does not depend on
  // which worker finished first.
  const double per_day = 1.0 / std::sqrt(365.0);
  OMEGA_TRY(table.for_each_sorted([&](std::uint64_t, const RunRow& row) {
    const double sharpe = row.value(RunMetric::kSharpe);
    outcome.trial_sharpe.add(std::isnan(sharpe) ? 0.0 : sharpe * per_day);
    return ok_status();
  }));
  return outcome;
}

}  // namespace omega::backtest
