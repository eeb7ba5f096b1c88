// Implements write_report: plain text writers, money printed exactly.
#include "backtest/report.hpp"

#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "backtest/html_report.hpp"
#include "core/json_text.hpp"
#include "core/time.hpp"
#include "data/atomic_file.hpp"

namespace omega::backtest {
namespace {

std::string number(double x) {
  if (!std::isfinite(x)) return "null";
  return fmt::format("{:.10g}", x);
}

std::string optional_number(const std::optional<double>& x) {
  return x ? number(*x) : "null";
}

// Returns `field` as one CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

}  // namespace

std::string average_price_text(const Money& notional_sum, const Quantity& quantity, int precision) {
  if (!quantity.is_positive()) return "";
  auto p = price_from_notional(notional_sum, quantity, precision, Rounding::kHalfEven);
  return p.ok() ? p->to_string_trimmed() : "";
}

std::string signals_csv(const std::vector<engine::SignalPublished>& signals) {
  std::string out = "time,bot,kind,payload\n";
  out.reserve(out.size() + signals.size() * 64);
  for (const auto& signal : signals) {
    out += format_iso8601(signal.ts);
    out += ',';
    out += csv_field(signal.bot.value());
    out += ',';
    out += csv_field(signal.name);
    out += ',';
    out += csv_field(signal.text.empty() ? number(signal.value) : signal.text);
    out += '\n';
  }
  return out;
}

Status write_report(const std::filesystem::path& dir, const ReportInfo& info,
                    const BacktestResult& result, const BacktestMetrics& m,
                    const data::CandleSeries* bars) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error(ErrorCode::kIo, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  std::string s = "{\n";
  s += fmt::format("  \"bot\": {},\n  \"symbol\": {},\n", json_string(info.bot),
                   json_string(info.symbol));
  s += "  \"parameters\": {";
  for (std::size_t i = 0; i < info.parameters.size(); ++i) {
    s += fmt::format("{}{}: {}", i == 0 ? "" : ", ", json_string(info.parameters[i].first),
                     json_string(info.parameters[i].second));
  }
  s += "},\n";
  s += fmt::format(
      "  \"data\": {{\"file\": {}, \"detail_file\": {}, \"timeframe\": {}, \"bars\": {}, "
      "\"from\": {}, \"to\": {}}},\n",
      json_string(info.data_file), json_string(info.detail_file), json_string(result.interval),
      result.bars, json_string(format_iso8601(result.first_open)),
      json_string(format_iso8601(result.last_close)));
  s += fmt::format("  \"starting_balance\": {},\n  \"final_equity\": {},\n",
                   json_string(result.starting_balance.to_string_trimmed()),
                   json_string(result.final_equity.to_string_trimmed()));
  s += "  \"metrics\": {\n";
  s += fmt::format("    \"total_return\": {},\n    \"cagr\": {},\n", number(m.total_return),
                   number(m.cagr));
  s += fmt::format("    \"max_drawdown\": {},\n    \"max_drawdown_days\": {},\n",
                   number(m.max_drawdown), number(m.max_drawdown_days));
  s +=
      fmt::format("    \"sharpe\": {},\n    \"sortino\": {},\n    \"calmar\": {},\n",
                  optional_number(m.sharpe), optional_number(m.sortino), optional_number(m.calmar));
  s += fmt::format("    \"profit_factor\": {},\n    \"expectancy\": {},\n",
                   optional_number(m.profit_factor), number(m.expectancy));
  s += fmt::format("    \"win_rate\": {},\n    \"average_win\": {},\n    \"average_loss\": {},\n",
                   number(m.win_rate), number(m.average_win), number(m.average_loss));
  s += fmt::format("    \"exposure\": {},\n    \"trades\": {},\n", number(m.exposure), m.trades);
  s += fmt::format("    \"fees\": {},\n    \"funding\": {}\n  }},\n",
                   json_string(result.fees_paid.to_string_trimmed()),
                   json_string(result.funding_paid.to_string_trimmed()));
  std::size_t denied = 0;
  for (const auto& o : result.orders) {
    if (o.status == engine::OrderUpdateKind::kDenied) ++denied;
  }
  s += fmt::format("  \"orders\": {},\n  \"risk_denials\": {},\n  \"notifications\": {}\n}}\n",
                   result.orders.size(), denied, result.notifications.size());
  OMEGA_TRY(data::write_file_atomic(dir / "summary.json", s));

  const int pp = info.price_precision;
  std::string trades =
      "n,side,entry_time,entry_price,exit_time,exit_price,size,fees,funding,pnl,net_pnl,"
      "liquidated\n";
  std::size_t n = 0;
  for (const auto& t : result.trips) {
    trades += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{}\n", ++n, t.is_long ? "long" : "short",
        format_iso8601(t.entry_time), average_price_text(t.entry_notional, t.entered, pp),
        format_iso8601(t.exit_time), average_price_text(t.exit_notional, t.entered, pp),
        t.entered.to_string_trimmed(), t.fees.to_string_trimmed(), t.funding.to_string_trimmed(),
        t.realized_pnl.to_string_trimmed(), t.net_pnl().value_or(Money()).to_string_trimmed(),
        t.liquidated ? "true" : "false");
  }
  OMEGA_TRY(data::write_file_atomic(dir / "trades.csv", trades));

  std::string equity = "time,equity,in_position\n";
  equity.reserve(result.equity.size() * 48);
  // One row per bar: the time straight into a buffer (no format string, no temporary).
  char stamp[kIso8601MaxChars + 1];
  for (const auto& p : result.equity) {
    char* end = format_iso8601_to(stamp, p.ts);
    *end++ = ',';
    equity.append(stamp, end);
    equity += p.equity().to_string_trimmed();
    equity += p.in_position ? ",1\n" : ",0\n";
  }
  OMEGA_TRY(data::write_file_atomic(dir / "equity.csv", equity));

  std::string orders =
      "id,bot,submitted,last_update,side,type,quantity,filled,average_price,price,trigger,"
      "reduce_only,status,fees,tag,reason\n";
  for (const auto& o : result.orders) {
    orders += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", o.id.value(), o.bot.value(),
        format_iso8601(o.ts_submitted), format_iso8601(o.ts_last), to_string(o.side),
        to_string(o.type), o.quantity.to_string_trimmed(), o.filled_quantity.to_string_trimmed(),
        average_price_text(o.filled_notional, o.filled_quantity, pp),
        o.price ? o.price->to_string_trimmed() : "",
        o.trigger_price ? o.trigger_price->to_string_trimmed() : "", o.reduce_only ? 1 : 0,
        engine::to_string(o.status), o.fees.to_string_trimmed(), o.tag, json_string(o.reason));
  }
  OMEGA_TRY(data::write_file_atomic(dir / "orders.csv", orders));
  OMEGA_TRY(data::write_file_atomic(dir / "signals.csv", signals_csv(result.signals)));
  if (bars != nullptr) OMEGA_TRY(write_html_report(dir, info, result, m, *bars));
  return ok_status();
}

}  // namespace omega::backtest
