// Implements `omega sweep` and `omega walkforward`: parse the grid, load the bars once, run the
// backtests on worker threads (backtest/sweep), write the tables (backtest/sweep_report) and
// print a summary.
#include "app/sweep_command.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/backtest_setup.hpp"
#include "app/cli_context.hpp"
#include "app/output.hpp"
#include "backtest/sweep.hpp"
#include "backtest/sweep_report.hpp"
#include "backtest/walk_forward.hpp"
#include "bots/bot_registry.hpp"

namespace omega::app {
namespace {

// Flags of both commands.
struct Flags {
  MarketFlags market;
  std::string bot;
  std::vector<std::string> grid;
  std::uint64_t random = 0;
  unsigned jobs = 0;
  std::string sort = "sharpe";
  std::string out;
  std::size_t top = 10;
  // walkforward only
  std::string train;
  std::string test;
  std::string step;
  bool anchored = false;
  bool drop_partial = false;
};

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

Cell metric_cell(double x) {
  return std::isfinite(x) ? num_text(fmt::format("{:.6f}", x)) : str("");
}

Cell metric_cell(backtest::RunMetric metric, double x) {
  if (metric == backtest::RunMetric::kTrades && std::isfinite(x)) {
    return num(static_cast<long long>(x));
  }
  return metric_cell(x);
}

// Everything both commands set up before running.
struct Prepared {
  MarketData market;
  backtest::ParamSpace space;
  backtest::RunMetric metric = backtest::RunMetric::kSharpe;
  backtest::SweepJob job;
};

Result<std::unique_ptr<Prepared>> prepare(const Flags& f) {
  auto p = std::make_unique<Prepared>();
  OMEGA_ASSIGN_OR_RETURN(p->metric, backtest::parse_metric(f.sort));
  OMEGA_ASSIGN_OR_RETURN(p->space, backtest::ParamSpace::parse(f.grid));
  // An unknown bot fails here, before any data is read.
  if (auto bot = bots::make_bot(f.bot); !bot.ok()) return std::move(bot).error();
  OMEGA_ASSIGN_OR_RETURN(p->market, load_market_data(f.market));
  OMEGA_ASSIGN_OR_RETURN(p->job.config,
                         make_backtest_config(f.market, p->market.bars.price_precision()));
  p->job.bars = &p->market.bars;
  p->job.detail = p->market.detail ? &*p->market.detail : nullptr;
  const std::string bot = f.bot;
  p->job.make_bot = [bot] { return bots::make_bot(bot); };
  p->job.bot_id = f.bot;
  p->job.space = &p->space;
  p->job.random_runs = f.random;
  p->job.seed = f.market.seed;
  p->job.jobs = f.jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : f.jobs;
  if (f.random > p->space.size()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("--random {} asks for more runs than the grid's {} combinations",
                             f.random, p->space.size()));
  }
  return p;
}

backtest::SweepInfo info_of(const Flags& f, const Prepared& p) {
  backtest::SweepInfo info;
  info.bot = f.bot;
  info.symbol = f.market.symbol;
  info.data_file = f.market.data;
  info.metric = p.metric;
  info.random_runs = f.random;
  info.seed = f.market.seed;
  return info;
}

Status run_sweep_command(const Flags& f, CliContext& ctx) {
  OMEGA_ASSIGN_OR_RETURN(auto p, prepare(f));
  const auto start = std::chrono::steady_clock::now();
  backtest::RunTable table(p->metric);
  OMEGA_ASSIGN_OR_RETURN(backtest::SweepOutcome outcome, backtest::run_sweep(p->job, table));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The winner again, for the daily returns its deflated Sharpe ratio needs.
  const backtest::RunRow best = *table.best();
  OMEGA_ASSIGN_OR_RETURN(
      backtest::BacktestResult chosen,
      backtest::run_combination(p->job, best.combination, p->market.bars, p->job.detail));
  const analytics::DeflatedSharpe deflated = analytics::deflated_sharpe_ratio(
      backtest::daily_returns(chosen.equity, chosen.starting_balance.to_double()), outcome.runs,
      outcome.trial_sharpe.variance());
  OMEGA_TRY(
      backtest::write_sweep_results(f.out, info_of(f, *p), p->space, table, outcome, deflated));

  Document doc;
  doc.fields("sweep").fields = {
      {"bot", str(f.bot)},
      {"search", str(f.random > 0 ? "random" : "grid")},
      {"combinations", num(static_cast<long long>(p->space.size()))},
      {"runs", num(static_cast<long long>(outcome.runs))},
      {"rejected", num(static_cast<long long>(outcome.rejected))},
      {"jobs", num(p->job.jobs)},
      {"seconds", num_text(fmt::format("{:.3f}", seconds))},
      {"runs_per_second",
       num_text(fmt::format(
           "{:.1f}",
           seconds > 0 ? static_cast<double>(outcome.runs + outcome.rejected) / seconds : 0.0))},
      {"sort", str(f.sort)},
      {"best_run", num(static_cast<long long>(best.run))},
      {"deflated_sharpe", metric_cell(deflated.probability)},
      {"trials", num(static_cast<long long>(deflated.trials))},
      {"out", str(f.out)},
  };
  if (!outcome.first_rejection.empty()) {
    doc.sections.back().fields.emplace_back("first_rejection", str(outcome.first_rejection));
  }
  std::vector<std::string> columns = {"rank", "run"};
  for (const auto& axis : p->space.axes()) columns.push_back(axis.name);
  for (const char* m : {"total_return", "sharpe", "max_drawdown", "trades"})
    columns.emplace_back(m);
  if (std::find(columns.begin(), columns.end(), f.sort) == columns.end()) columns.push_back(f.sort);
  Section& top = doc.table("top", columns);
  Status listed =
      table.for_each_sorted([&](std::uint64_t rank, const backtest::RunRow& row) -> Status {
        if (rank > f.top) return Error(ErrorCode::kCancelled, "enough rows");
        std::vector<Cell> cells = {num(static_cast<long long>(rank)),
                                   num(static_cast<long long>(row.run))};
        for (std::size_t a = 0; a < p->space.axes().size(); ++a) {
          cells.push_back(str(std::string(p->space.value(row.combination, a))));
        }
        for (std::size_t c = 2 + p->space.axes().size(); c < columns.size(); ++c) {
          const backtest::RunMetric m = *backtest::parse_metric(columns[c]);
          cells.push_back(metric_cell(m, row.value(m)));
        }
        top.rows.push_back(std::move(cells));
        return ok_status();
      });
  if (!listed.ok() && listed.error().code() != ErrorCode::kCancelled) return listed.error();
  print_document(stdout, doc, ctx.style());
  return ok_status();
}

Status run_walk_forward_command(const Flags& f, CliContext& ctx) {
  backtest::WindowSpec spec;
  OMEGA_ASSIGN_OR_RETURN(spec.train, parse_duration(f.train));
  OMEGA_ASSIGN_OR_RETURN(spec.test, parse_duration(f.test));
  if (!f.step.empty()) {
    OMEGA_ASSIGN_OR_RETURN(spec.step, parse_duration(f.step));
    if (spec.step.count() <= 0) {
      return Error(ErrorCode::kInvalidArgument, "--step must be a positive duration");
    }
  }
  spec.anchored = f.anchored;
  spec.keep_partial = !f.drop_partial;
  OMEGA_ASSIGN_OR_RETURN(auto p, prepare(f));
  Timeframe tf;
  if (p->job.config.timeframe) {
    tf = *p->job.config.timeframe;
  } else if (auto detected = data::detect_timeframe(p->market.bars)) {
    tf = *detected;
  } else {
    return Error(ErrorCode::kInvalidArgument,
                 "cannot detect the bars' timeframe; pass --timeframe");
  }
  const data::CandleSeries& bars = p->market.bars;
  const Timestamp first = bars.open_time(0);
  const Timestamp last = bars.open_time(bars.size() - 1);
  const Timestamp end = tf.is_calendar() ? tf.next_open(last) : last + tf.duration();
  OMEGA_ASSIGN_OR_RETURN(std::vector<backtest::Window> windows,
                         backtest::plan_windows(first, end, spec));
  const auto start = std::chrono::steady_clock::now();
  OMEGA_ASSIGN_OR_RETURN(backtest::WalkForwardReport report,
                         backtest::run_walk_forward(p->job, windows, p->metric, tf));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  OMEGA_TRY(backtest::write_walk_forward(f.out, info_of(f, *p), spec, p->space, report));

  const auto k = static_cast<std::size_t>(p->metric);
  const auto s = static_cast<std::size_t>(backtest::RunMetric::kSharpe);
  const backtest::BacktestMetrics& m = report.oos_metrics;
  Document doc;
  doc.fields("walkforward").fields = {
      {"bot", str(f.bot)},
      {"windows", num(static_cast<long long>(report.windows.size()))},
      {"trials_per_window", num(static_cast<long long>(backtest::run_count(p->job)))},
      {"jobs", num(p->job.jobs)},
      {"seconds", num_text(fmt::format("{:.3f}", seconds))},
      {"sort", str(f.sort)},
      {"oos_total_return", metric_cell(m.total_return)},
      {"oos_sharpe", metric_cell(m.sharpe.value_or(NAN))},
      {"oos_max_drawdown", metric_cell(m.max_drawdown)},
      {"oos_trades", num(static_cast<long long>(m.trades))},
      {"oos_probabilistic_sharpe", metric_cell(report.oos_probabilistic_sharpe)},
      {"out", str(f.out)},
  };
  std::vector<std::string> columns = {"window", "test_start", "test_end"};
  for (const auto& axis : p->space.axes()) columns.push_back(axis.name);
  columns.push_back("is_" + f.sort);
  columns.push_back("oos_" + f.sort);
  if (f.sort != "sharpe") {
    columns.emplace_back("is_sharpe");
    columns.emplace_back("oos_sharpe");
  }
  columns.emplace_back("deflated_sharpe");
  Section& table = doc.table("windows", columns);
  for (const backtest::WindowResult& w : report.windows) {
    std::vector<Cell> cells = {num(static_cast<long long>(w.window.index)),
                               str(format_iso8601(w.window.test_start)),
                               str(format_iso8601(w.window.test_end))};
    for (std::size_t a = 0; a < p->space.axes().size(); ++a) {
      cells.push_back(str(std::string(p->space.value(w.in_sample.combination, a))));
    }
    cells.push_back(metric_cell(w.in_sample.values[k]));
    cells.push_back(metric_cell(w.out_of_sample.values[k]));
    if (f.sort != "sharpe") {
      cells.push_back(metric_cell(w.in_sample.values[s]));
      cells.push_back(metric_cell(w.out_of_sample.values[s]));
    }
    cells.push_back(metric_cell(w.deflated.probability));
    table.rows.push_back(std::move(cells));
  }
  print_document(stdout, doc, ctx.style());
  return ok_status();
}

void add_search_options(CLI::App& cmd, Flags& f) {
  cmd.add_option("--bot", f.bot, "Bot kind (sma_cross, fibonacci_trader)")->required();
  cmd.add_option("--grid", f.grid,
                 "Parameter values: name=lo:hi:step (inclusive), name=a,b,c or name=v "
                 "(repeatable)")
      ->required();
  cmd.add_option("--random", f.random,
                 "Run N combinations drawn without repeats from the grid (seeded by --seed) "
                 "instead of all");
  cmd.add_option("--jobs", f.jobs, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd.add_option("--sort", f.sort,
                 "Metric that ranks runs: sharpe, total_return, cagr, sortino, calmar, "
                 "max_drawdown, profit_factor, win_rate, expectancy, ...")
      ->capture_default_str();
  cmd.add_option("--out", f.out, "Directory for the result files")->required();
  add_market_options(cmd, f.market);
}

}  // namespace

void add_sweep_commands(CLI::App& app, CliContext& ctx) {
  auto sweep = std::make_shared<Flags>();
  CLI::App* cmd =
      app.add_subcommand("sweep", "Backtest every combination of a parameter grid on all cores");
  add_search_options(*cmd, *sweep);
  cmd->add_option("--top", sweep->top, "Rows of the table printed on stdout")
      ->capture_default_str();
  cmd->callback([sweep, &ctx] {
    Status s = run_sweep_command(*sweep, ctx);
    if (!s.ok()) fail(ctx, s.error());
  });

  auto wf = std::make_shared<Flags>();
  CLI::App* walk = app.add_subcommand(
      "walkforward", "Optimise on rolling in-sample windows, evaluate out of sample");
  add_search_options(*walk, *wf);
  walk->add_option("--train", wf->train, "In-sample window length (e.g. 180d)")->required();
  walk->add_option("--test", wf->test, "Out-of-sample window length (e.g. 30d)")->required();
  walk->add_option("--step", wf->step, "Distance between windows (default: --test)");
  walk->add_flag("--anchored", wf->anchored, "Every training window starts at the first bar");
  walk->add_flag("--drop-partial", wf->drop_partial,
                 "Drop a last test window the data cuts short (default: keep it)");
  walk->callback([wf, &ctx] {
    Status s = run_walk_forward_command(*wf, ctx);
    if (!s.ok()) fail(ctx, s.error());
  });
}

}  // namespace omega::app
