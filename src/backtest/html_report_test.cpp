// report.html: escaping of everything inserted, display aggregation, drawdown kept through
// aggregation, the inlined library and its attribution; signals.csv quoting.
#include "backtest/html_report.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/report_assets.hpp"
#include "backtest/report_testing.hpp"

namespace omega::backtest {
namespace {

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Returns the page's data JSON (still escaped for the script element).
std::string page_data(const std::string& page) {
  const std::string open = R"(<script id="omega-data" type="application/json">)";
  const auto begin = page.find(open);
  EXPECT_NE(begin, std::string::npos);
  const auto end = page.find("</script>", begin);
  return page.substr(begin + open.size(), end - begin - open.size());
}

// Returns the numbers of the JSON array that follows `key` in `json` (flat arrays only).
std::vector<double> array_after(const std::string& json, const std::string& key) {
  std::vector<double> out;
  auto at = json.find("\"" + key + "\":[");
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return out;
  at = json.find('[', at) + 1;
  const auto end = json.find(']', at);
  std::string body = json.substr(at, end - at);
  const char* p = body.c_str();
  while (*p != '\0') {
    char* next = nullptr;
    out.push_back(std::strtod(p, &next));
    if (next == p) break;
    p = next;
    if (*p == ',') ++p;
  }
  return out;
}

ReportInfo info_with(std::string bot, std::vector<std::pair<std::string, std::string>> params) {
  ReportInfo info;
  info.bot = std::move(bot);
  info.symbol = "BTC/USDT";
  info.data_file = "bars.csv";
  info.parameters = std::move(params);
  return info;
}

TEST(HtmlReport, ParametersAndNamesCannotBreakOutOfTheirElements) {
  auto run = testing::make_synthetic_run(300);
  const std::string evil = "</script><script>window.__pwned=1</script><!--";
  // A signal payload is inserted too: it must not end the data element either.
  run.result.signals.push_back(engine::SignalPublished{engine::BotId("x"), 0, "fib_levels", 1.0,
                                                       evil, run.result.last_close});
  const auto page =
      render_html_report(info_with("bot</script><b>\"'&", {{"entry_level", evil}, {evil, "0.618"}}),
                         run.result, BacktestMetrics{}, run.bars);
  EXPECT_EQ(page.find("__pwned=1</script>"), std::string::npos);
  EXPECT_EQ(page.find("<script>window.__pwned"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  // Exactly the page's own four script elements open and close.
  const std::string l = lower(page);
  EXPECT_EQ(count(l, "<script"), 4u);
  EXPECT_EQ(count(l, "</script"), 4u);
  EXPECT_EQ(count(l, "<!--"), 0u);
  // The text is still there, escaped for where it stands.
  EXPECT_NE(page.find("&lt;/script&gt;&lt;script&gt;window.__pwned=1"), std::string::npos);
  EXPECT_NE(page.find("\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned=1"),
            std::string::npos);
  EXPECT_NE(page.find("bot&lt;/script&gt;&lt;b&gt;&quot;&#39;&amp;"), std::string::npos);
}

TEST(HtmlReport, EscapersCoverEverySpecialCharacter) {
  EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(json_for_script(R"({"a":"</script><!--&"})"),
            R"({"a":"\u003c/script\u003e\u003c!--\u0026"})");
}

TEST(HtmlReport, SmallRunsShowEveryBar) {
  const auto run = testing::make_synthetic_run(1'000);
  const auto page = render_html_report(info_with("b", {}), run.result, BacktestMetrics{}, run.bars);
  const auto data = page_data(page);
  EXPECT_EQ(array_after(data, "t").size(), 1'000u);
  EXPECT_EQ(array_after(data, "equity").size(), 1'000u);
  EXPECT_EQ(array_after(data, "drawdown").size(), 1'000u);
  EXPECT_NE(data.find(R"("aggregated":false)"), std::string::npos);
  EXPECT_EQ(page.find("aggregation-note"), std::string::npos);
  // Two markers per trade, one data entry per fib signal.
  EXPECT_EQ(array_after(data, "k").size(), 2 * run.result.trips.size());
  EXPECT_EQ(count(data, R"("k":0,"p")"), run.result.signals.size());
}

TEST(HtmlReport, LongRunsAreAggregatedAndSaySo) {
  const auto run = testing::make_synthetic_run(5'000);
  HtmlReportOptions options;
  options.max_candles = 100;
  const auto page =
      render_html_report(info_with("b", {}), run.result, BacktestMetrics{}, run.bars, options);
  const auto data = page_data(page);
  // 5000 minutes: 1h is the shortest standard timeframe giving at most 100 candles.
  EXPECT_NE(data.find(R"("timeframe":"1h")"), std::string::npos);
  EXPECT_NE(data.find(R"("aggregated":true)"), std::string::npos);
  const auto times = array_after(data, "t");
  EXPECT_LE(times.size(), 100u);
  EXPECT_EQ(times.size(), (5'000u + 59u) / 60u);  // starts on the hour
  EXPECT_EQ(array_after(data, "equity").size(), times.size());
  EXPECT_NE(page.find("aggregation-note"), std::string::npos);
  EXPECT_NE(page.find("5000 bars of 1m are shown as 84 1h candles"), std::string::npos);

  // Highs and lows of the hour are those of its minutes; the deepest drawdown survives.
  const auto highs = array_after(data, "h");
  const auto lows = array_after(data, "l");
  double high0 = 0, low0 = 1e18;
  for (std::size_t i = 0; i < 60; ++i) {
    high0 = std::max(high0, run.bars.high(i).to_double());
    low0 = std::min(low0, run.bars.low(i).to_double());
  }
  EXPECT_DOUBLE_EQ(highs[0], high0);
  EXPECT_DOUBLE_EQ(lows[0], low0);
  double peak = run.result.starting_balance.to_double(), deepest = 0;
  for (const auto& p : run.result.equity) {
    peak = std::max(peak, p.equity().to_double());
    deepest = std::min(deepest, (p.equity().to_double() / peak - 1.0) * 100.0);
  }
  const auto dd = array_after(data, "drawdown");
  EXPECT_NEAR(*std::min_element(dd.begin(), dd.end()), deepest, 1e-4);
  // The equity shown for an hour is the equity after its last minute.
  EXPECT_NEAR(array_after(data, "equity")[0], run.result.equity[59].equity().to_double(), 1e-6);
}

TEST(HtmlReport, TradeTableIsCappedButEveryTradeIsMarked) {
  const auto run = testing::make_synthetic_run(20'000, 3, 20);
  ASSERT_GT(run.result.trips.size(), 900u);
  HtmlReportOptions options;
  options.max_trade_rows = 100;
  const auto page =
      render_html_report(info_with("b", {}), run.result, BacktestMetrics{}, run.bars, options);
  const auto table = page.substr(page.find("<table id=\"trades\">"));
  EXPECT_EQ(count(table.substr(0, table.find("</table>")), "<tr><td>"), 100u);
  EXPECT_NE(page.find("the first and last 50 are listed here"), std::string::npos);
  EXPECT_EQ(array_after(page_data(page), "k").size(), 2 * run.result.trips.size());
}

TEST(HtmlReport, InlinesTheLibraryWithItsAttribution) {
  const std::string_view js = assets::lightweight_charts_js();
  ASSERT_GT(js.size(), 100'000u);
  EXPECT_NE(js.find("TradingView Lightweight Charts"), std::string_view::npos);
  // Inlined in a <script> element, the library must hold neither sequence.
  EXPECT_EQ(lower(js).find("</script"), std::string::npos);
  EXPECT_EQ(js.find("<!--"), std::string_view::npos);
  EXPECT_NE(assets::lightweight_charts_license().find("Apache License"), std::string_view::npos);
  const auto run = testing::make_synthetic_run(50);
  const auto page = render_html_report(info_with("b", {}), run.result, BacktestMetrics{}, run.bars);
  EXPECT_NE(page.find(js.substr(0, 4096)), std::string::npos);
  EXPECT_NE(page.find(R"(<a href="https://www.tradingview.com/">)"), std::string::npos);
  EXPECT_NE(page.find("TradingView Lightweight Charts™ v"), std::string::npos);
  // Nothing is fetched: no external script, stylesheet or image.
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
}

TEST(SignalsCsv, QuotesPayloadsThatNeedIt) {
  std::vector<engine::SignalPublished> signals = {
      {engine::BotId("fib"), 0, "fib_trend", 1.0, "", Timestamp(0)},
      {engine::BotId("fib"), 0, "fib_levels", 2.5, R"({"entry":2.5,"note":"a ""b"""})",
       Timestamp(60'000'000'000)},
  };
  EXPECT_EQ(signals_csv(signals),
            "time,bot,kind,payload\n"
            "1970-01-01T00:00:00Z,fib,fib_trend,1\n"
            "1970-01-01T00:01:00Z,fib,fib_levels,\"{\"\"entry\"\":2.5,\"\"note\"\":\"\"a "
            "\"\"\"\"b\"\"\"\"\"\"}\"\n");
}

}  // namespace
}  // namespace omega::backtest
