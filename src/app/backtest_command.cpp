// Implements `omega backtest`: read bars, build the account and the simulated exchange, run the
// bot through the kernel, write summary.json, trades.csv, equity.csv, orders.csv, signals.csv
// and report.html.
#include "app/backtest_command.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/backtest_setup.hpp"
#include "app/cli_context.hpp"
#include "app/output.hpp"
#include "app/progress_bar.hpp"
#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "bots/bot_registry.hpp"
#include "core/config.hpp"
#include "data/market_capture.hpp"

namespace omega::app {
namespace {

struct Flags {
  MarketFlags market;
  std::string bot;
  std::string book;
  std::string bar = "1s";
  std::vector<std::string> sets;
  std::string out;
};

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

// Turns --set k=v pairs into YAML "k: v" lines (values stay YAML scalars).
Result<Config> params_of(const std::vector<std::string>& sets,
                         std::vector<std::pair<std::string, std::string>>& listed) {
  std::string yaml;
  for (const std::string& kv : sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error(ErrorCode::kInvalidArgument, fmt::format("--set '{}' is not key=value", kv));
    }
    listed.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    yaml += fmt::format("{}: {}\n", kv.substr(0, eq), kv.substr(eq + 1));
  }
  ConfigOptions options;
  options.apply_env = false;
  return Config::parse(yaml, "--set", options);
}

Status run(const Flags& f, CliContext& ctx) {
  if (f.market.data.empty() == f.book.empty()) {
    return Error(ErrorCode::kInvalidArgument, "give exactly one of --data FILE and --book FILE");
  }
  if (!f.book.empty() &&
      (!f.market.detail.empty() || !f.market.from.empty() || !f.market.to.empty())) {
    return Error(ErrorCode::kInvalidArgument,
                 "--book replays a whole capture: no --detail, --from or --to");
  }
  std::optional<data::MarketCapture> capture;
  MarketData market;
  if (!f.book.empty()) {
    OMEGA_ASSIGN_OR_RETURN(capture, data::read_binance_capture(f.book));
  } else {
    OMEGA_ASSIGN_OR_RETURN(market, load_market_data(f.market));
  }
  const data::CandleSeries& bars = market.bars;
  const std::optional<data::CandleSeries>& detail = market.detail;
  const int price_precision = capture ? capture->price_precision : bars.price_precision();
  OMEGA_ASSIGN_OR_RETURN(backtest::BacktestConfig config,
                         make_backtest_config(f.market, price_precision));
  config.book_matching = capture.has_value();
  ProgressBar progress(stderr, capture ? "replaying events" : "backtesting");
  config.progress = progress.callback();
  std::vector<std::pair<std::string, std::string>> listed;
  OMEGA_ASSIGN_OR_RETURN(Config params, params_of(f.sets, listed));
  OMEGA_ASSIGN_OR_RETURN(auto engine, backtest::BacktestEngine::create(std::move(config)));
  OMEGA_ASSIGN_OR_RETURN(auto bot, bots::make_bot(f.bot));
  OMEGA_TRY(engine->add_bot(std::move(bot), engine::BotId(f.bot), params));
  const auto start = std::chrono::steady_clock::now();
  Result<backtest::BacktestResult> ran = Error(ErrorCode::kInternal, "not run");
  if (capture) {
    OMEGA_ASSIGN_OR_RETURN(Duration bar, parse_duration(f.bar));
    ran = engine->run_book(*capture, bar);
  } else {
    ran = engine->run(bars, detail ? &*detail : nullptr);
  }
  progress.finish();
  OMEGA_ASSIGN_OR_RETURN(backtest::BacktestResult result, std::move(ran));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto metrics =
      backtest::compute_metrics(result.equity, result.starting_balance.to_double(), result.trips,
                                result.fees_paid.to_double(), result.funding_paid.to_double());
  backtest::ReportInfo info;
  info.bot = f.bot;
  info.symbol = f.market.symbol;
  info.data_file = capture ? f.book : f.market.data;
  info.detail_file = f.market.detail;
  info.parameters = listed;
  info.price_precision = price_precision;
  OMEGA_TRY(
      backtest::write_report(f.out, info, result, metrics, capture ? &result.built_bars : &bars));
  Document doc;
  doc.fields("backtest").fields = {
      {"bot", str(f.bot)},
      {"bars", num(static_cast<long long>(result.bars))},
      {"trades", num(static_cast<long long>(metrics.trades))},
      {"final_equity", num_text(result.final_equity.to_string_trimmed())},
      {"total_return", num_text(fmt::format("{:.6f}", metrics.total_return))},
      {"max_drawdown", num_text(fmt::format("{:.6f}", metrics.max_drawdown))},
      {"orders", num(static_cast<long long>(result.orders.size()))},
      {"seconds", num_text(fmt::format("{:.3f}", seconds))},
      {"out", str(f.out)},
      {"report", str((std::filesystem::path(f.out) / "report.html").string())},
  };
  print_document(stdout, doc, ctx.style());
  return ok_status();
}

}  // namespace

void add_backtest_command(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<Flags>();
  CLI::App* cmd =
      app.add_subcommand("backtest", "Replay a bot over candles on the simulated exchange");
  cmd->add_option("--bot", f->bot, "Bot kind (sma_cross, fibonacci_trader)")->required();
  add_market_options(*cmd, f->market, /*data_required=*/false);
  cmd->add_option("--book", f->book,
                  "Binance depth+trade capture (.jsonl.gz): fill against its L2 book and trades, "
                  "bots see bars built from the trades (instead of --data)");
  cmd->add_option("--bar", f->bar, "Bar length built from --book trades (e.g. 1s, 1m)")
      ->capture_default_str();
  cmd->add_option("--set", f->sets, "Bot parameter key=value (repeatable)");
  cmd->add_option("--out", f->out,
                  "Directory for report.html, summary.json, trades.csv, equity.csv, orders.csv, "
                  "signals.csv")
      ->required();
  cmd->callback([f, &ctx] {
    Status s = run(*f, ctx);
    if (!s.ok()) fail(ctx, s.error());
  });
}

}  // namespace omega::app
