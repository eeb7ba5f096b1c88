// Implements window planning and the walk-forward run.
#include "backtest/walk_forward.hpp"

#include <cmath>

#include <fmt/format.h>

namespace omega::backtest {
namespace {

Money money_of(double value) {
  // Analytics only: the stitched curve is a scaled chain of real curves, kept to 1e-8.
  return Money::from_raw_unchecked(static_cast<std::int64_t>(std::llround(value * 1e8)), 8);
}

// Window lengths read as the user wrote them: whole days as "180d", the rest as "4h30m".
std::string span_text(Duration d) {
  if (d.count() > 0 && d.count() % kNanosPerDay == 0) {
    return fmt::format("{}d", d.count() / kNanosPerDay);
  }
  return format_duration(d);
}

}  // namespace

Result<std::vector<Window>> plan_windows(Timestamp data_start, Timestamp data_end,
                                         const WindowSpec& spec) {
  if (spec.train.count() <= 0) {
    return Error(ErrorCode::kInvalidArgument, "--train must be a positive duration");
  }
  if (spec.test.count() <= 0) {
    return Error(ErrorCode::kInvalidArgument, "--test must be a positive duration");
  }
  const Duration step = spec.step.count() == 0 ? spec.test : spec.step;
  if (step.count() < 0) return Error(ErrorCode::kInvalidArgument, "--step must be positive");
  if (step < spec.test) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("--step {} is shorter than --test {}: test windows would overlap",
                             span_text(step), span_text(spec.test)));
  }
  std::vector<Window> windows;
  for (std::size_t k = 0;; ++k) {
    const Timestamp origin = data_start + Duration(step.count() * static_cast<std::int64_t>(k));
    Window w;
    w.index = k;
    w.train_start = spec.anchored ? data_start : origin;
    w.train_end = origin + spec.train;
    w.test_start = w.train_end;
    w.test_end = w.test_start + spec.test;
    if (w.test_start >= data_end) break;
    if (w.test_end > data_end) {
      if (!spec.keep_partial) break;
      w.test_end = data_end;
      w.partial = true;
    }
    windows.push_back(w);
    if (w.partial) break;
  }
  if (windows.empty()) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("no walk-forward window fits: the data spans {}, --train {} plus --test {} "
                    "need {}{}",
                    span_text(data_end - data_start), span_text(spec.train), span_text(spec.test),
                    span_text(spec.keep_partial ? spec.train : spec.train + spec.test),
                    spec.keep_partial ? " and some test data" : ""));
  }
  return windows;
}

std::vector<std::size_t> rows_within(const data::CandleSeries& bars, const Timeframe& timeframe,
                                     Timestamp start, Timestamp end) {
  std::vector<std::size_t> rows;
  const auto times = bars.open_time_ns();
  const bool fixed = !timeframe.is_calendar();
  const std::int64_t bar_ns = timeframe.duration().count();
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (times[i] < start.ns()) continue;
    const std::int64_t close =
        fixed ? times[i] + bar_ns : timeframe.next_open(Timestamp(times[i])).ns();
    if (close > end.ns()) break;
    rows.push_back(i);
  }
  return rows;
}

Result<WalkForwardReport> run_walk_forward(const SweepJob& job, const std::vector<Window>& windows,
                                           RunMetric metric, const Timeframe& timeframe) {
  if (job.bars == nullptr) return Error(ErrorCode::kInvalidArgument, "walk-forward needs bars");
  // Slices of one or two bars cannot reveal their timeframe, so every run is told it.
  SweepJob base = job;
  base.config.timeframe = timeframe;
  WalkForwardReport report;
  std::vector<engine::RoundTrip> oos_trips;
  const double start = job.config.starting_balance.to_double();
  double chain = start;  // the stitched curve's equity where the last test window ended
  double fees = 0.0;
  double funding = 0.0;
  for (const Window& w : windows) {
    const auto context = [&w](Error e) {
      return std::move(e).with_context(fmt::format("walk-forward window {} (train {} .. {})",
                                                   w.index, format_iso8601(w.train_start),
                                                   format_iso8601(w.train_end)));
    };
    const auto train_rows = rows_within(*job.bars, timeframe, w.train_start, w.train_end);
    const auto test_rows = rows_within(*job.bars, timeframe, w.test_start, w.test_end);
    if (train_rows.empty() || test_rows.empty()) {
      return context(Error(ErrorCode::kInvalidArgument,
                           fmt::format("the {} window holds no whole bar (a gap in the data?)",
                                       train_rows.empty() ? "training" : "test")));
    }
    const data::CandleSeries train = job.bars->gather(train_rows);
    const data::CandleSeries test = job.bars->gather(test_rows);
    std::optional<data::CandleSeries> train_detail;
    std::optional<data::CandleSeries> test_detail;
    if (job.detail != nullptr) {
      // Detail bars are matched by time inside each bar, so a plain time cut is enough.
      const Timeframe fine = data::detect_timeframe(*job.detail).value_or(timeframe);
      train_detail = job.detail->gather(rows_within(*job.detail, fine, w.train_start, w.train_end));
      test_detail = job.detail->gather(rows_within(*job.detail, fine, w.test_start, w.test_end));
    }
    SweepJob in_sample = base;
    in_sample.bars = &train;
    in_sample.detail = train_detail ? &*train_detail : nullptr;
    RunTable table(metric);
    auto outcome = run_sweep(in_sample, table);
    if (!outcome.ok()) return context(std::move(outcome).error());
    WindowResult r;
    r.window = w;
    r.train_bars = train.size();
    r.test_bars = test.size();
    r.trials = outcome->runs;
    r.rejected = outcome->rejected;
    r.in_sample = *table.best();
    // The winner again in sample, for its daily returns (the deflated Sharpe's moments).
    auto chosen = run_combination(in_sample, r.in_sample.combination, train, in_sample.detail);
    if (!chosen.ok()) return context(std::move(chosen).error());
    const std::vector<double> is_returns =
        daily_returns(chosen->equity, chosen->starting_balance.to_double());
    r.deflated =
        analytics::deflated_sharpe_ratio(is_returns, r.trials, outcome->trial_sharpe.variance());
    auto oos =
        run_combination(base, r.in_sample.combination, test, test_detail ? &*test_detail : nullptr);
    if (!oos.ok()) return context(std::move(oos).error());
    r.out_of_sample = summarize(r.in_sample.run, r.in_sample.combination, metrics_of(*oos));
    const double scale = chain / start;
    for (const EquityPoint& p : oos->equity) {
      report.oos_equity.push_back(
          EquityPoint{p.ts, money_of(p.equity().to_double() * scale), p.in_position});
    }
    if (!oos->equity.empty()) chain = oos->equity.back().equity().to_double() * scale;
    fees += oos->fees_paid.to_double() * scale;
    funding += oos->funding_paid.to_double() * scale;
    oos_trips.insert(oos_trips.end(), oos->trips.begin(), oos->trips.end());
    report.windows.push_back(r);
  }
  report.oos_metrics = compute_metrics(report.oos_equity, start, oos_trips, fees, funding);
  const std::vector<double> oos_returns = daily_returns(report.oos_equity, start);
  const analytics::ReturnMoments m = analytics::return_moments(oos_returns);
  report.oos_days = m.count;
  report.oos_probabilistic_sharpe = analytics::probabilistic_sharpe_ratio(
      analytics::sharpe_ratio(m), 0.0, m.count, m.skewness, m.kurtosis);
  return report;
}

}  // namespace omega::backtest
