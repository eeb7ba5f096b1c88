// Provides write_html_report: report.html, one self-contained page that opens offline — candles
// with entries, exits and the Fibonacci levels the bot published, equity and drawdown, the
// metrics, the trades and the parameters, charted by the inlined lightweight-charts library.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "backtest/report.hpp"
#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::backtest {

// Limits that keep the page small and fast on long runs (docs/report.md).
struct HtmlReportOptions {
  // More bars than this are shown aggregated to the shortest standard timeframe that fits (the
  // page says so); the equity and drawdown charts follow the same display bars.
  std::size_t max_candles = 10'000;
  // Trades beyond this are left out of the table (first and last halves shown; trades.csv has
  // them all). The chart still marks every trade.
  std::size_t max_trade_rows = 2'000;
};

// Returns the page for a finished run over `bars` (the bars the bots saw, in time order; the
// equity curve holds one point per bar).
std::string render_html_report(const ReportInfo& info, const BacktestResult& result,
                               const BacktestMetrics& metrics, const data::CandleSeries& bars,
                               const HtmlReportOptions& options = {});

// Writes render_html_report's page to `dir`/report.html, replacing it atomically.
Status write_html_report(const std::filesystem::path& dir, const ReportInfo& info,
                         const BacktestResult& result, const BacktestMetrics& metrics,
                         const data::CandleSeries& bars, const HtmlReportOptions& options = {});

// Returns `text` safe as HTML text or a quoted attribute value (& < > " ' escaped).
std::string html_escape(std::string_view text);

// Returns JSON text safe inside a <script> element: every < > & becomes a \u escape (they can
// only occur inside JSON strings, where the escape means the same), so no `</script>` or
// `<!--` can end or change the element.
std::string json_for_script(std::string_view json);

}  // namespace omega::backtest
