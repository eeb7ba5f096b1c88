#include "app/chat_backtest.hpp"

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "app/backtest_setup.hpp"
#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "bots/bot_registry.hpp"
#include "core/config.hpp"

namespace omega::app {
namespace {

constexpr std::size_t kMaxBars = 2000;

}  // namespace

std::filesystem::path state_dir() {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* s = std::getenv("OMEGA_STATE_DIR"); s != nullptr && *s != '\0') {
    dir = s;
  } else if (const char* x = std::getenv("XDG_STATE_HOME"); x != nullptr && *x != '\0') {
    dir = fs::path(x) / "omega";
  } else if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    dir = fs::path(h) / ".local" / "state" / "omega";
  } else {
    dir = fs::temp_directory_path() / "omega";
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  return dir;
}

Status ChatBacktest::validate(const chat::BacktestRequest& r) {
  OMEGA_TRY(bots::make_bot(r.strategy));
  OMEGA_TRY(Timeframe::parse(r.timeframe));
  OMEGA_ASSIGN_OR_RETURN(auto series, market_->candles(r.symbol, *Timeframe::parse(r.timeframe)));
  if (series->size() < 100) {
    return Error(ErrorCode::kNotFound, fmt::format("only {} bars of {} {}: too few to backtest",
                                                   series->size(), r.symbol, r.timeframe));
  }
  return ok_status();
}

Result<chat::BacktestSummary> ChatBacktest::run(const chat::BacktestRequest& r) {
  OMEGA_ASSIGN_OR_RETURN(const Timeframe tf, Timeframe::parse(r.timeframe));
  OMEGA_ASSIGN_OR_RETURN(auto series, market_->candles(r.symbol, tf));
  const std::size_t n = series->size();
  const std::size_t first = n > kMaxBars ? n - kMaxBars : 0;
  std::vector<std::size_t> rows(n - first);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = first + i;
  const data::CandleSeries bars = series->gather(rows);
  MarketFlags flags;
  flags.symbol = r.symbol;
  OMEGA_ASSIGN_OR_RETURN(backtest::BacktestConfig config,
                         make_backtest_config(flags, bars.price_precision()));
  OMEGA_ASSIGN_OR_RETURN(auto engine, backtest::BacktestEngine::create(std::move(config)));
  OMEGA_ASSIGN_OR_RETURN(auto bot, bots::make_bot(r.strategy));
  OMEGA_TRY(engine->add_bot(std::move(bot), engine::BotId(r.strategy), Config()));
  OMEGA_ASSIGN_OR_RETURN(backtest::BacktestResult result, engine->run(bars, nullptr));
  const auto m =
      backtest::compute_metrics(result.equity, result.starting_balance.to_double(), result.trips,
                                result.fees_paid.to_double(), result.funding_paid.to_double());
  const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  std::string who = r.user;
  for (char& c : who) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  const std::filesystem::path out =
      root_ / "backtests" / fmt::format("{}-{}-{}-{}", stamp, who, r.strategy, tf.to_string());
  backtest::ReportInfo info;
  info.bot = r.strategy;
  info.symbol = r.symbol;
  info.data_file = "bundled " + r.symbol + " " + tf.to_string();
  info.price_precision = bars.price_precision();
  OMEGA_TRY(backtest::write_report(out, info, result, m));
  chat::BacktestSummary s;
  s.bars = result.bars;
  s.trades = m.trades;
  s.final_equity = result.final_equity.to_string_trimmed();
  s.total_return_pct = m.total_return * 100.0;
  s.max_drawdown_pct = m.max_drawdown * 100.0;
  s.sharpe = m.sharpe.value_or(0.0);
  s.report_dir = out.string();
  return s;
}

}  // namespace omega::app
