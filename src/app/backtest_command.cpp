// Implements `omega backtest`: read bars, build the account and the simulated exchange, run the
// bot through the kernel, write summary.json, trades.csv, equity.csv and orders.csv.
#include "app/backtest_command.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli_context.hpp"
#include "app/output.hpp"
#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "bots/bot_registry.hpp"
#include "core/config.hpp"
#include "data/candle_reader.hpp"
#include "data/funding_series.hpp"
#include "model/decimal.hpp"

namespace omega::app {
namespace {

struct Flags {
  std::string bot;
  std::string data;
  std::string detail;
  std::string book;
  std::string bar = "1s";
  std::string timeframe;
  std::string from;
  std::string to;
  std::vector<std::string> sets;
  std::string out;
  std::string symbol = "BTC/USDT";
  std::string balance = "10000";
  std::string fees = "binance_spot";
  std::string lot = "0.00000001";
  std::int64_t leverage = 1;
  std::string margin = "cross";
  std::string slippage = "0";
  std::string latency = "0s";
  std::string participation = "0";
  std::string funding_rate = "0";
  std::string funding;
  std::string max_daily_loss;
  std::uint64_t seed = 42;
};

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

Result<data::CandleSeries> load_range(const std::string& file, const std::string& from,
                                      const std::string& to) {
  OMEGA_ASSIGN_OR_RETURN(data::ReadResult read, data::read_candles(file));
  if (from.empty() && to.empty()) return std::move(read.series);
  std::int64_t lo = INT64_MIN;
  std::int64_t hi = INT64_MAX;
  if (!from.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timestamp t, parse_iso8601(from));
    lo = t.ns();
  }
  if (!to.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timestamp t, parse_iso8601(to));
    hi = t.ns();
  }
  std::vector<std::size_t> rows;
  const auto times = read.series.open_time_ns();
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (times[i] >= lo && times[i] < hi) rows.push_back(i);
  }
  if (rows.empty()) return Error(ErrorCode::kInvalidArgument, "no bars in --from/--to");
  return read.series.gather(rows);
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
  if (f.data.empty() == f.book.empty()) {
    return Error(ErrorCode::kInvalidArgument, "give exactly one of --data FILE and --book FILE");
  }
  if (!f.book.empty() && (!f.detail.empty() || !f.from.empty() || !f.to.empty())) {
    return Error(ErrorCode::kInvalidArgument,
                 "--book replays a whole capture: no --detail, --from or --to");
  }
  std::optional<data::MarketCapture> capture;
  data::CandleSeries bars;
  if (!f.book.empty()) {
    OMEGA_ASSIGN_OR_RETURN(capture, data::read_binance_capture(f.book));
  } else {
    OMEGA_ASSIGN_OR_RETURN(bars, load_range(f.data, f.from, f.to));
  }
  const int price_precision = capture ? capture->price_precision : bars.price_precision();
  std::optional<data::CandleSeries> detail;
  if (!f.detail.empty()) {
    OMEGA_ASSIGN_OR_RETURN(detail, load_range(f.detail, f.from, f.to));
    if (detail->price_precision() != bars.price_precision()) {
      OMEGA_TRY(detail->set_price_precision(bars.price_precision()));
    }
  }
  backtest::BacktestConfig config;
  OMEGA_ASSIGN_OR_RETURN(Symbol symbol, Symbol::parse(f.symbol));
  OMEGA_ASSIGN_OR_RETURN(backtest::FeeSchedule fees, backtest::fee_preset(f.fees));
  InstrumentSpec spec;
  spec.symbol = symbol;
  spec.price_tick = Price::from_raw_unchecked(1, price_precision);
  OMEGA_ASSIGN_OR_RETURN(spec.lot_step, Quantity::parse(f.lot));
  spec.max_leverage = 125;
  spec.maker_fee = fees.maker;
  spec.taker_fee = fees.taker;
  OMEGA_ASSIGN_OR_RETURN(Instrument instrument, Instrument::create(spec));
  if (f.margin != "cross" && f.margin != "isolated") {
    return Error(ErrorCode::kInvalidArgument, "--margin is cross or isolated");
  }
  config.instrument =
      engine::AccountInstrument{instrument,
                                f.margin == "cross" ? MarginMode::kCross : MarginMode::kIsolated,
                                static_cast<std::int32_t>(f.leverage),
                                {}};
  config.fees = fees;
  OMEGA_ASSIGN_OR_RETURN(config.starting_balance, Money::parse(f.balance));
  if (!f.timeframe.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Timeframe tf, Timeframe::parse(f.timeframe));
    config.timeframe = tf;
  }
  OMEGA_ASSIGN_OR_RETURN(config.exchange.slippage, Rate::parse(f.slippage));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.latency, parse_duration(f.latency));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.max_participation, Rate::parse(f.participation));
  OMEGA_ASSIGN_OR_RETURN(config.exchange.funding_rate, Rate::parse(f.funding_rate));
  if (!f.funding.empty()) {
    if (!config.exchange.funding_rate.is_zero()) {
      return Error(ErrorCode::kInvalidArgument, "--funding and --funding-rate exclude each other");
    }
    OMEGA_ASSIGN_OR_RETURN(config.exchange.funding_series, data::read_funding_series(f.funding));
  }
  config.exchange.seed = f.seed;
  if (!f.max_daily_loss.empty()) {
    OMEGA_ASSIGN_OR_RETURN(Money loss, Money::parse(f.max_daily_loss));
    config.risk.max_daily_loss = loss;
  }
  std::vector<std::pair<std::string, std::string>> listed;
  OMEGA_ASSIGN_OR_RETURN(Config params, params_of(f.sets, listed));
  config.book_matching = capture.has_value();
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
  OMEGA_ASSIGN_OR_RETURN(backtest::BacktestResult result, std::move(ran));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto metrics =
      backtest::compute_metrics(result.equity, result.starting_balance.to_double(), result.trips,
                                result.fees_paid.to_double(), result.funding_paid.to_double());
  backtest::ReportInfo info;
  info.bot = f.bot;
  info.symbol = f.symbol;
  info.data_file = capture ? f.book : f.data;
  info.detail_file = f.detail;
  info.parameters = listed;
  info.price_precision = price_precision;
  OMEGA_TRY(backtest::write_report(f.out, info, result, metrics));
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
  cmd->add_option("--data", f->data, "Candle file the bot trades on");
  cmd->add_option("--book", f->book,
                  "Binance depth+trade capture (.jsonl.gz): fill against its L2 book and trades, "
                  "bots see bars built from the trades (instead of --data)");
  cmd->add_option("--bar", f->bar, "Bar length built from --book trades (e.g. 1s, 1m)")
      ->capture_default_str();
  cmd->add_option("--detail", f->detail, "Finer candles the exchange matches orders against");
  cmd->add_option("--timeframe", f->timeframe, "Bar length of --data (detected when omitted)");
  cmd->add_option("--from", f->from, "First bar open time (ISO-8601, inclusive)");
  cmd->add_option("--to", f->to, "Last bar open time (ISO-8601, exclusive)");
  cmd->add_option("--set", f->sets, "Bot parameter key=value (repeatable)");
  cmd->add_option("--out", f->out, "Directory for summary.json, trades.csv, equity.csv, orders.csv")
      ->required();
  cmd->add_option("--symbol", f->symbol, "Market in unified form (BTC/USDT, BTC/USDT:USDT)")
      ->capture_default_str();
  cmd->add_option("--balance", f->balance, "Starting balance in the quote currency")
      ->capture_default_str();
  cmd->add_option("--fees", f->fees, "Fee preset: binance_spot, binance_usdm, bitget_usdm")
      ->capture_default_str();
  cmd->add_option("--lot", f->lot, "Quantity step")->capture_default_str();
  cmd->add_option("--leverage", f->leverage, "Leverage for contracts")->capture_default_str();
  cmd->add_option("--margin", f->margin, "cross or isolated")->capture_default_str();
  cmd->add_option("--slippage", f->slippage, "Adverse slippage fraction on taker fills")
      ->capture_default_str();
  cmd->add_option("--latency", f->latency, "Order latency (e.g. 250ms)")->capture_default_str();
  cmd->add_option("--participation", f->participation,
                  "Max share of a bar's volume filled per bar (0 = no cap)")
      ->capture_default_str();
  cmd->add_option("--funding-rate", f->funding_rate, "Constant funding rate per 8 h")
      ->capture_default_str();
  cmd->add_option("--funding", f->funding,
                  "Funding-rate CSV (time and rate columns): one payment per row, replacing "
                  "--funding-rate");
  cmd->add_option("--max-daily-loss", f->max_daily_loss, "Kill switch: daily loss limit");
  cmd->add_option("--seed", f->seed, "Seed of every random draw")->capture_default_str();
  cmd->callback([f, &ctx] {
    Status s = run(*f, ctx);
    if (!s.ok()) fail(ctx, s.error());
  });
}

}  // namespace omega::app
