// Implements `omega run --config FILE`: paper mode. Loads and validates the whole file, opens
// the store, runs the bots through a PaperSession at the configured replay speed while printing
// fills, signals and risk events as they happen, and on the end of the data or on SIGINT/SIGTERM
// finishes the current step, writes OUT/<bot>/ with the backtest's writer and prints the
// summary.
#include "app/run_command.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/farm_link.hpp"
#include "app/output.hpp"
#include "app/run_config.hpp"
#include "app/signal_stop.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "bots/bot_registry.hpp"
#include "core/json_text.hpp"
#include "paper/paper_session.hpp"
#include "store/open_store.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;

struct Flags {
  std::string config;
  RunOverrides overrides;
};

std::string money(const Money& m) {
  return m.to_string_trimmed();
}

// Prints what the session reports, one line per event, flushed at once.
class EventPrinter final : public paper::SessionListener {
 public:
  EventPrinter(const paper::PaperSession*& session, bool json) : session_(session), json_(json) {}

  void on_started() override {}

  void on_order(std::size_t bot, const engine::OrderUpdated& u) override {
    using Kind = engine::OrderUpdateKind;
    const bool fill = u.kind == Kind::kFilled || u.kind == Kind::kPartiallyFilled;
    const bool refused = u.kind == Kind::kDenied || u.kind == Kind::kRejected;
    if (!fill && !refused) return;
    const std::string& name = session_->bot_name(bot);
    const std::string symbol = session_->symbol(bot).to_string();
    if (fill) {
      if (json_) {
        line(fmt::format(
            R"({{"event":"fill","ts":{},"bot":{},"symbol":{},"order":{},"side":"{}","quantity":"{}","price":"{}","fee":"{}","filled":"{}","status":"{}","tag":{}}})",
            json_string(format_iso8601(u.ts)), json_string(name), json_string(symbol),
            json_string(u.client_order_id.value()), to_string(u.side),
            u.fill_quantity.to_string_trimmed(), u.fill_price.to_string_trimmed(), money(u.fee),
            u.filled_quantity.to_string_trimmed(), engine::to_string(u.kind), json_string(u.tag)));
      } else {
        line(fmt::format("{}  {:<18} fill     {} {} {} @ {}  fee {}  {}{}{}", format_iso8601(u.ts),
                         name, to_string(u.side), u.fill_quantity.to_string_trimmed(), symbol,
                         u.fill_price.to_string_trimmed(), money(u.fee), u.client_order_id.value(),
                         u.tag.empty() ? "" : " ", u.tag));
      }
      return;
    }
    const char* kind = u.kind == Kind::kDenied ? "denied" : "rejected";
    const std::string qty =
        u.quantity.is_positive() ? u.quantity.to_string_trimmed() : "(quote budget)";
    if (json_) {
      line(fmt::format(
          R"({{"event":"risk","kind":"{}","ts":{},"bot":{},"symbol":{},"order":{},"side":"{}","quantity":"{}","reason":{},"tag":{}}})",
          kind, json_string(format_iso8601(u.ts)), json_string(name), json_string(symbol),
          json_string(u.client_order_id.value()), to_string(u.side), qty, json_string(u.reason),
          json_string(u.tag)));
    } else {
      line(fmt::format("{}  {:<18} {:<8} {} {} {}: {}", format_iso8601(u.ts), name, kind,
                       to_string(u.side), qty, symbol, u.reason));
    }
  }

  void on_signal(std::size_t bot, const engine::SignalPublished& s) override {
    const std::string& name = session_->bot_name(bot);
    if (json_) {
      line(fmt::format(R"({{"event":"signal","ts":{},"bot":{},"name":{},"value":{},"text":{}}})",
                       json_string(format_iso8601(s.ts)), json_string(name), json_string(s.name),
                       std::isfinite(s.value) ? fmt::format("{}", s.value) : "null",
                       json_string(s.text)));
    } else {
      line(fmt::format("{}  {:<18} signal   {} = {}{}{}", format_iso8601(s.ts), name, s.name,
                       s.value, s.text.empty() ? "" : "  ", s.text));
    }
  }

  void on_notification(std::size_t bot, const engine::NotificationRaised& n) override {
    const std::string& name = session_->bot_name(bot);
    const char* level = n.level == engine::NotificationLevel::kCritical  ? "critical"
                        : n.level == engine::NotificationLevel::kWarning ? "warning"
                                                                         : "info";
    if (json_) {
      line(fmt::format(
          R"({{"event":"risk","kind":"notification","ts":{},"bot":{},"level":"{}","text":{}}})",
          json_string(format_iso8601(n.ts)), json_string(name), level, json_string(n.text)));
    } else {
      line(fmt::format("{}  {:<18} {:<8} {}", format_iso8601(n.ts), name, level, n.text));
    }
  }

  void on_store_error(std::size_t bot, const Error& e) override {
    fmt::print(stderr, "omega: store: bot {}: {}\n", session_->bot_name(bot), e.to_string());
  }

  void line(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }

 private:
  const paper::PaperSession*& session_;
  bool json_;
};

// The farm state the chat shows: each bot's strategy, the starting balances summed per currency
// and the risk limits as configured.
Result<FarmFacts> farm_facts(const RunConfig& config) {
  FarmFacts facts;
  std::map<std::string, Money> initial;
  std::vector<std::string> limits;
  for (const RunBotSpec& spec : config.bots) {
    facts.bot_kinds.emplace_back(spec.name, spec.kind);
    OMEGA_ASSIGN_OR_RETURN(Symbol symbol, Symbol::parse(spec.market.symbol));
    const std::string currency =
        symbol.is_spot() ? symbol.quote().to_string() : symbol.settle().to_string();
    auto [it, inserted] = initial.try_emplace(currency, Money::zero(0));
    OMEGA_ASSIGN_OR_RETURN(it->second, it->second.add(spec.config.starting_balance));
    const engine::RiskLimits& r = spec.config.risk;
    std::vector<std::string> set;
    auto money_limit = [&](const char* name, const std::optional<Money>& m) {
      if (m) set.push_back(fmt::format("{}={}", name, m->to_string_trimmed()));
    };
    money_limit("max_order_notional", r.max_order_notional);
    money_limit("max_position_notional", r.max_position_notional);
    money_limit("max_total_notional", r.max_total_notional);
    if (r.max_leverage > 0) set.push_back(fmt::format("max_leverage={}", r.max_leverage));
    if (r.max_open_orders > 0) set.push_back(fmt::format("max_open_orders={}", r.max_open_orders));
    money_limit("max_daily_loss", r.max_daily_loss);
    limits.push_back(fmt::format("{}: {}", spec.name,
                                 set.empty() ? "none" : fmt::format("{}", fmt::join(set, " "))));
  }
  std::vector<std::string> parts;
  parts.reserve(initial.size());
  for (const auto& [currency, amount] : initial) {
    parts.push_back(currency + "=" + amount.to_string_trimmed());
  }
  facts.initial = fmt::format("{}", fmt::join(parts, " "));
  facts.limits = fmt::format("{}", fmt::join(limits, "; "));
  return facts;
}

Status run(const Flags& f, CliContext& ctx) {
  const bool json = ctx.style() == OutputStyle::kJson;
  // Everything is read and checked before anything is written.
  OMEGA_ASSIGN_OR_RETURN(RunConfig config, load_run_config(f.config, f.overrides));
  std::vector<paper::PaperBot> bots;
  for (RunBotSpec& spec : config.bots) {
    // Parameters are checked on a throwaway engine so a bad one fails before the store opens.
    {
      OMEGA_ASSIGN_OR_RETURN(auto probe, backtest::BacktestEngine::create(spec.config));
      OMEGA_ASSIGN_OR_RETURN(auto bot, bots::make_bot(spec.kind));
      // The bot's errors name the file, line and key (bots.N.params.KEY) themselves.
      OMEGA_TRY(probe->add_bot(std::move(bot), engine::BotId(spec.name), spec.params));
    }
    paper::PaperBot b;
    b.name = spec.name;
    OMEGA_ASSIGN_OR_RETURN(b.bot, bots::make_bot(spec.kind));
    b.params = spec.params;
    b.config = spec.config;
    b.bars = spec.data.bars;
    b.detail = spec.data.detail;
    bots.push_back(std::move(b));
  }

  // Signals are blocked before any thread starts (the Redis client's included).
  SignalStop signals;
  if (config.store.backend == store::StoreOptions::Backend::kSqlite) {
    std::error_code ec;
    fs::create_directories(config.store.sqlite.path.parent_path(), ec);
    if (ec) {
      return Error(ErrorCode::kIo,
                   fmt::format("cannot create {}: {}",
                               config.store.sqlite.path.parent_path().string(), ec.message()));
    }
  }
  auto opened = store::open_store(config.store);
  if (!opened.ok()) return std::move(opened).error().with_context("store " + config.store_text);
  std::unique_ptr<store::Store> store = std::move(opened).value();
  if (store->backend() == "redis") OMEGA_TRY(store->migrate());

  const paper::PaperSession* current = nullptr;
  EventPrinter printer(current, json);
  paper::SessionOptions options;
  options.speed = config.speed;
  OMEGA_ASSIGN_OR_RETURN(auto session,
                         paper::PaperSession::create(std::move(bots), *store, options, &printer));
  current = session.get();
  paper::PaperSession* stoppable = session.get();
  signals.start([stoppable](const char* name) { stoppable->request_stop(name); });
  // The signal thread ends before the session it points at.
  struct CloseSignals {
    SignalStop& signals;
    ~CloseSignals() { signals.close(); }
  } close_signals{signals};

  std::vector<std::string> described;
  for (const RunBotSpec& spec : config.bots) {
    described.push_back(fmt::format("{} ({} on {}, {} bars)", spec.name, spec.kind,
                                    spec.market.symbol, spec.data.bars.size()));
  }
  // The control channel, notifications, the farm state and retention (docs/paper-mode.md).
  OMEGA_ASSIGN_OR_RETURN(FarmFacts facts, farm_facts(config));
  FarmLink::Options link_options;
  link_options.retention = config.retention;
  OMEGA_ASSIGN_OR_RETURN(std::unique_ptr<FarmLink> link,
                         FarmLink::attach(*session, *store, facts, link_options));

  const auto& rec = session->reconciled();
  if (json) {
    std::vector<std::string> names;
    for (const RunBotSpec& spec : config.bots) names.push_back(json_string(spec.name));
    printer.line(fmt::format(
        R"({{"event":"running","bots":[{}],"speed":"{}","store":{},"out":{},"reconciled_canceled":{},"reconciled_updated":{}}})",
        fmt::join(names, ","), config.speed.to_string(), json_string(config.store_text),
        json_string(config.out.string()), rec.orders_never_sent, rec.orders_updated));
  } else {
    if (rec.orders_never_sent + rec.orders_updated > 0) {
      printer.line(fmt::format(
          "reconciled the ledger: {} order(s) an earlier run left open marked canceled, {} "
          "updated",
          rec.orders_never_sent, rec.orders_updated));
    }
    printer.line(fmt::format("running {} at {}; store {}; Ctrl-C stops and writes {}/<bot>/",
                             fmt::join(described, ", "), config.speed.to_string(),
                             config.store_text, config.out.string()));
  }

  OMEGA_ASSIGN_OR_RETURN(paper::SessionResult result, session->run());
  if (Status s = link->finish(); !s.ok()) {
    fmt::print(stderr, "omega: store: could not mark the bots stopped: {}\n",
               s.error().to_string());
  }

  Document doc;
  Section& table =
      doc.table("summary", {"bot", "bars", "trades", "orders", "final_equity", "total_return",
                            "max_drawdown", "open_position", "report"});
  std::vector<std::string> json_bots;
  for (std::size_t i = 0; i < result.bots.size(); ++i) {
    const paper::BotOutcome& outcome = result.bots[i];
    const RunBotSpec& spec = config.bots[i];
    const backtest::BacktestResult& r = outcome.result;
    const auto metrics =
        backtest::compute_metrics(r.equity, r.starting_balance.to_double(), r.trips,
                                  r.fees_paid.to_double(), r.funding_paid.to_double());
    backtest::ReportInfo info;
    info.bot = spec.kind;
    info.symbol = spec.market.symbol;
    info.data_file = spec.market.data;
    info.detail_file = spec.market.detail;
    info.parameters = spec.listed_params;
    info.price_precision = spec.data.bars.price_precision();
    info.run_kind = "paper run";
    const fs::path dir = config.out / outcome.name;
    // report.html charts the bars the bot saw: all of them, or the first ones when stopped.
    std::optional<data::CandleSeries> seen;
    const data::CandleSeries* bars = &spec.data.bars;
    if (r.bars < spec.data.bars.size()) {
      std::vector<std::size_t> rows(r.bars);
      for (std::size_t k = 0; k < rows.size(); ++k) rows[k] = k;
      seen = spec.data.bars.gather(rows);
      bars = r.bars > 0 ? &*seen : nullptr;
    }
    OMEGA_TRY(backtest::write_report(dir, info, r, metrics, bars));
    const fs::path report = dir / (bars != nullptr ? "report.html" : "summary.json");
    const bool open = !r.equity.empty() && r.equity.back().in_position;
    table.rows.push_back(
        {str(outcome.name), num(static_cast<long long>(r.bars)),
         num(static_cast<long long>(metrics.trades)), num(static_cast<long long>(r.orders.size())),
         num_text(money(r.final_equity)), num_text(fmt::format("{:.6f}", metrics.total_return)),
         num_text(fmt::format("{:.6f}", metrics.max_drawdown)), str(open ? "yes" : "no"),
         str((dir / "summary.json").string())});
    json_bots.push_back(fmt::format(
        R"({{"bot":{},"bars":{},"trades":{},"orders":{},"final_equity":"{}","total_return":{:.6f},"max_drawdown":{:.6f},"open_position":{},"out":{},"report":{}}})",
        json_string(outcome.name), r.bars, metrics.trades, r.orders.size(), money(r.final_equity),
        metrics.total_return, metrics.max_drawdown, open ? "true" : "false",
        json_string(dir.string()), json_string(report.string())));
  }
  if (json) {
    printer.line(fmt::format(
        R"({{"event":"summary","stopped":{},"reason":{},"store_errors":{},"bots":[{}]}})",
        result.stopped ? "true" : "false", json_string(result.stop_reason), result.store_errors,
        fmt::join(json_bots, ",")));
  } else {
    printer.line(result.stopped
                     ? fmt::format("stopped by {}: the current step finished, outputs written",
                                   result.stop_reason)
                     : std::string("replay complete"));
    print_document(stdout, doc, OutputStyle::kTable);
    if (result.store_errors > 0) {
      printer.line(fmt::format("{} store write(s) failed (see stderr); the next run reconciles",
                               result.store_errors));
    }
  }
  return ok_status();
}

}  // namespace

void add_run_command(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Paper mode: run bots from a config against the simulated exchange on a paced replay");
  cmd->add_option("--config", f->config, "Run configuration (YAML; see docs/paper-mode.md)")
      ->required();
  cmd->add_option("--speed", f->overrides.speed, "Replay speed: 1x, 60x, ... or max (overrides)");
  cmd->add_option("--out", f->overrides.out, "Output directory (overrides the file's out)");
  cmd->add_option("--store", f->overrides.store,
                  "Store URL: sqlite:PATH or redis://... (overrides the file's store)");
  cmd->callback([f, &ctx] {
    Status s = run(*f, ctx);
    if (!s.ok()) {
      fmt::print(stderr, "omega: error: {}\n", s.error().to_string());
      ctx.exit_code = kExitFailure;
    }
  });
}

}  // namespace omega::app
