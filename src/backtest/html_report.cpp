// Implements write_html_report: display bars (aggregated when there are too many), the page's
// data as escaped JSON, server-rendered tables and the script that draws the charts.
#include "backtest/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "backtest/report_assets.hpp"
#include "core/json_text.hpp"
#include "data/atomic_file.hpp"
#include "model/decimal.hpp"

namespace omega::backtest {
namespace {

// The bars the page shows: the run's own, or aggregated to a coarser timeframe, with the
// equity after each display bar and the deepest drawdown inside it.
struct DisplayBars {
  std::string timeframe;  // of the display bars
  std::string source_timeframe;
  bool aggregated = false;
  std::size_t source_bars = 0;
  std::vector<std::int64_t> open_s;  // open times, seconds since the epoch
  std::vector<std::int64_t> open, high, low, close;
  std::vector<double> equity;        // at the last source bar of the display bar
  std::vector<double> drawdown_pct;  // deepest below the running peak inside the display bar
};

// Returns the shortest standard timeframe longer than `source` whose bars over `span` number at
// most `max_bars`, or the longest one if none does.
Timeframe display_timeframe(Duration source, Duration span, std::size_t max_bars) {
  const auto& all = Timeframe::all();
  for (const Timeframe& tf : all) {
    if (tf.duration() <= source) continue;
    const auto buckets = static_cast<std::size_t>(span.count() / tf.duration().count()) + 2;
    if (buckets <= max_bars) return tf;
  }
  return all.back();
}

std::string label_of(Duration d) {
  if (auto tf = Timeframe::from_duration(d)) return tf->to_string();
  const std::int64_t s = d.count() / 1'000'000'000;
  return s > 0 ? fmt::format("{}s", s) : fmt::format("{}ms", d.count() / 1'000'000);
}

DisplayBars make_display_bars(const BacktestResult& result, const data::CandleSeries& bars,
                              const HtmlReportOptions& options) {
  DisplayBars out;
  const std::size_t n = bars.size();
  out.source_bars = n;
  if (n == 0) return out;
  const auto t = bars.open_time_ns();
  const auto o = bars.open_raw();
  const auto h = bars.high_raw();
  const auto l = bars.low_raw();
  const auto c = bars.close_raw();
  // The source spacing: the run's timeframe, unless the bars are finer (book replays build
  // bars of any length).
  Duration source = result.timeframe.duration();
  if (n > 1) source = std::min(source, Duration(std::max<std::int64_t>(1, t[1] - t[0])));
  out.source_timeframe = label_of(source);
  std::optional<Timeframe> tf;
  if (n > std::max<std::size_t>(1, options.max_candles)) {
    tf = display_timeframe(source, Duration(t[n - 1] - t[0]), options.max_candles);
    out.aggregated = true;
    out.timeframe = tf->to_string();
  } else {
    out.timeframe = out.source_timeframe;
  }
  const std::size_t reserve = tf ? std::min(n, options.max_candles + 2) : n;
  for (auto* v : {&out.open_s, &out.open, &out.high, &out.low, &out.close}) v->reserve(reserve);
  out.equity.reserve(reserve);
  out.drawdown_pct.reserve(reserve);

  const std::vector<EquityPoint>& eq = result.equity;
  double peak = eq.empty() ? 0.0 : result.starting_balance.to_double();
  std::int64_t bucket = std::numeric_limits<std::int64_t>::min();
  for (std::size_t i = 0; i < n; ++i) {
    double e = std::numeric_limits<double>::quiet_NaN();
    double dd = 0.0;
    if (i < eq.size()) {
      e = eq[i].equity.to_double();
      peak = std::max(peak, e);
      dd = peak > 0.0 ? (e / peak - 1.0) * 100.0 : 0.0;
    }
    const std::int64_t key = tf ? tf->align_down(Timestamp(t[i])).ns() : t[i];
    if (key != bucket) {
      bucket = key;
      out.open_s.push_back(Timestamp(key).seconds());
      out.open.push_back(o[i]);
      out.high.push_back(h[i]);
      out.low.push_back(l[i]);
      out.close.push_back(c[i]);
      out.equity.push_back(e);
      out.drawdown_pct.push_back(dd);
      continue;
    }
    out.high.back() = std::max(out.high.back(), h[i]);
    out.low.back() = std::min(out.low.back(), l[i]);
    out.close.back() = c[i];
    if (!std::isnan(e)) out.equity.back() = e;
    out.drawdown_pct.back() = std::min(out.drawdown_pct.back(), dd);
  }
  return out;
}

// Returns the index of the display bar holding `ts` (the first one for earlier times).
std::size_t bar_index(const DisplayBars& bars, Timestamp ts) {
  const std::int64_t s = ts.seconds();
  auto it = std::upper_bound(bars.open_s.begin(), bars.open_s.end(), s);
  if (it == bars.open_s.begin()) return 0;
  return static_cast<std::size_t>(std::distance(bars.open_s.begin(), it)) - 1;
}

std::string number(double x, int significant = 10) {
  if (!std::isfinite(x)) return "null";
  return fmt::format("{:.{}g}", x, significant);
}

void append_raw_prices(std::string& s, const std::vector<std::int64_t>& raw, int precision) {
  s += '[';
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (i) s += ',';
    s += format_decimal_trimmed(raw[i], precision);
  }
  s += ']';
}

template <typename T, typename Format>
void append_array(std::string& s, const std::vector<T>& values, Format format) {
  s += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s += ',';
    s += format(values[i]);
  }
  s += ']';
}

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return "–";
  return fmt::format("{:.2f} %", fraction * 100.0);
}

std::string optional_ratio(const std::optional<double>& x) {
  return x && std::isfinite(*x) ? fmt::format("{:.3f}", *x) : "–";
}

// The page's data: one JSON object, escaped for the script element by the caller.
std::string page_data(const ReportInfo& info, const BacktestResult& result, const DisplayBars& bars,
                      int price_precision) {
  std::string s;
  s.reserve(bars.open_s.size() * 64 + 4096);
  s += "{\"price_precision\":" + std::to_string(price_precision);
  s += ",\"timeframe\":" + json_string(bars.timeframe);
  s += ",\"aggregated\":";
  s += bars.aggregated ? "true" : "false";
  s += ",\"source_bars\":" + std::to_string(bars.source_bars);
  s += ",\"bot\":" + json_string(info.bot);
  s += ",\"candles\":{\"t\":";
  append_array(s, bars.open_s, [](std::int64_t v) { return std::to_string(v); });
  s += ",\"o\":";
  append_raw_prices(s, bars.open, price_precision);
  s += ",\"h\":";
  append_raw_prices(s, bars.high, price_precision);
  s += ",\"l\":";
  append_raw_prices(s, bars.low, price_precision);
  s += ",\"c\":";
  append_raw_prices(s, bars.close, price_precision);
  s += "},\"equity\":";
  append_array(s, bars.equity, [](double v) { return number(v, 10); });
  s += ",\"drawdown\":";
  append_array(s, bars.drawdown_pct, [](double v) { return number(v, 6); });

  // Markers: display bar, price, kind (0 long entry, 1 short entry, 2 long exit, 3 short exit).
  struct Marker {
    std::size_t bar;
    double price;
    int kind;
  };
  std::vector<Marker> markers;
  markers.reserve(result.trips.size() * 2);
  for (const auto& trip : result.trips) {
    const double size = trip.entered.to_double();
    const double entry = size > 0 ? trip.entry_notional.to_double() / size : 0.0;
    const double exit = size > 0 ? trip.exit_notional.to_double() / size : 0.0;
    markers.push_back({bar_index(bars, trip.entry_time), entry, trip.is_long ? 0 : 1});
    markers.push_back({bar_index(bars, trip.exit_time), exit, trip.is_long ? 2 : 3});
  }
  std::stable_sort(markers.begin(), markers.end(),
                   [](const Marker& a, const Marker& b) { return a.bar < b.bar; });
  s += ",\"markers\":{\"i\":";
  append_array(s, markers, [](const Marker& m) { return std::to_string(m.bar); });
  s += ",\"p\":";
  append_array(s, markers, [](const Marker& m) { return number(m.price, 12); });
  s += ",\"k\":";
  append_array(s, markers, [](const Marker& m) { return std::to_string(m.kind); });
  s += "}";

  // Fibonacci levels: each published setup (and its end) at its display bar; the payload stays
  // text for the page to parse.
  s += ",\"fib\":[";
  bool first = true;
  for (const auto& signal : result.signals) {
    const bool levels = signal.name == "fib_levels";
    if (!levels && signal.name != "fib_levels_cleared") continue;
    s += first ? "" : ",";
    first = false;
    s += fmt::format("{{\"i\":{},\"k\":{},\"p\":{}}}", bar_index(bars, signal.ts), levels ? 0 : 1,
                     json_string(signal.text));
  }
  s += "]}";
  return s;
}

// Returns "TradingView Lightweight Charts™ vX.Y.Z" from the library's licence banner.
std::string library_name() {
  const std::string_view js = assets::lightweight_charts_js();
  const std::string_view marker = "TradingView Lightweight Charts";
  const auto at = js.find(marker);
  if (at == std::string_view::npos) return std::string(marker);
  const auto end = js.find('\n', at);
  std::string name(js.substr(at, end == std::string_view::npos ? 64 : end - at));
  while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
  return name;
}

constexpr std::string_view kStyle = R"CSS(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1280px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:20px;margin:8px 0 4px}h2{font-size:16px;margin:24px 0 8px}
.sub{color:#57606a;margin:0 0 12px}.note{background:#fff8c5;border:1px solid #d4a72c;padding:6px 10px;border-radius:6px;margin:8px 0}
.error{background:#ffebe9;border:1px solid #cf222e;padding:6px 10px;border-radius:6px;margin:8px 0}
.chart{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin-bottom:8px;position:relative}
.chart .label{position:absolute;left:10px;top:6px;z-index:3;font-size:12px;color:#57606a;pointer-events:none}
#chart-candles{height:440px}#chart-equity{height:220px}#chart-drawdown{height:170px}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-right:4px}
table{border-collapse:collapse;background:#fff;font-size:13px}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap}
th{background:#eaeef2}td.l,th.l{text-align:left}.grid{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}
.pos{color:#1a7f37}.neg{color:#cf222e}footer{margin-top:28px;color:#57606a;font-size:12px}
footer pre{white-space:pre-wrap;max-height:300px;overflow:auto;background:#fff;border:1px solid #d0d7de;padding:8px}
)CSS";

// Runs before anything else: collects errors so a self-test (and a reader) can see them.
constexpr std::string_view kErrorTrap = R"JS(
window.__omegaErrors=[];
window.addEventListener('error',function(e){window.__omegaErrors.push(String(e.message||e));});
window.addEventListener('unhandledrejection',function(e){window.__omegaErrors.push('unhandled rejection: '+String(e.reason));});
(function(){var original=console.error;console.error=function(){window.__omegaErrors.push(Array.prototype.map.call(arguments,String).join(' '));return original.apply(console,arguments);};})();
)JS";

// Draws the charts from #omega-data. With ?selftest=1 it also checks what it drew and resolves
// window.__omegaSelftest with the result (tests/report_browser_test.mjs awaits it), which it
// also shows as JSON in <pre id="omega-selftest">.
constexpr std::string_view kApp = R"JS(
(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var D = JSON.parse(document.getElementById('omega-data').textContent);
  var C = D.candles, times = C.t, n = times.length;
  var pf = {type: 'price', precision: D.price_precision, minMove: Math.pow(10, -D.price_precision)};
  function options(attribution) {
    return {
      autoSize: true,
      layout: {background: {color: '#ffffff'}, textColor: '#1f2328', attributionLogo: attribution},
      grid: {vertLines: {color: '#f0f3f6'}, horzLines: {color: '#f0f3f6'}},
      rightPriceScale: {minimumWidth: 96},
      timeScale: {timeVisible: true, secondsVisible: false},
      crosshair: {mode: 0}
    };
  }
  var candleChart = LC.createChart(document.getElementById('chart-candles'), options(true));
  var candles = candleChart.addSeries(LC.CandlestickSeries, {
    priceFormat: pf, upColor: '#1a7f37', downColor: '#cf222e', borderVisible: false,
    wickUpColor: '#1a7f37', wickDownColor: '#cf222e'
  });
  var candleData = new Array(n);
  for (var i = 0; i < n; ++i) {
    candleData[i] = {time: times[i], open: C.o[i], high: C.h[i], low: C.l[i], close: C.c[i]};
  }
  candles.setData(candleData);

  // Entries and exits.
  var M = D.markers, markers = [], withText = M.i.length <= 100;
  var kinds = [
    {position: 'belowBar', shape: 'arrowUp', color: '#1a7f37', text: 'long'},
    {position: 'aboveBar', shape: 'arrowDown', color: '#cf222e', text: 'short'},
    {position: 'aboveBar', shape: 'circle', color: '#8250df', text: 'exit'},
    {position: 'belowBar', shape: 'circle', color: '#8250df', text: 'exit'}
  ];
  for (var m = 0; m < M.i.length; ++m) {
    var k = kinds[M.k[m]];
    markers.push({time: times[M.i[m]], position: k.position, shape: k.shape, color: k.color,
                  text: withText ? k.text + ' ' + M.p[m].toFixed(D.price_precision) : undefined});
  }
  var markerApi = LC.createSeriesMarkers(candles, markers);

  // Fibonacci levels: each setup from its bar until the next setup or its end.
  var styles = {
    entry: {color: '#0969da', lineStyle: 0}, stop: {color: '#cf222e', lineStyle: 2},
    target1: {color: '#1a7f37', lineStyle: 2}, target2: {color: '#1a7f37', lineStyle: 1},
    scale: {color: '#8250df', lineStyle: 2}
  };
  var setups = [], badPayloads = 0;
  for (var f = 0; f < D.fib.length; ++f) {
    var s = D.fib[f];
    if (s.k !== 0) continue;
    var levels;
    try { levels = JSON.parse(s.p); } catch (e) { ++badPayloads; continue; }
    var end = n - 1;
    for (var g = f + 1; g < D.fib.length; ++g) { end = D.fib[g].i; break; }
    setups.push({start: s.i, end: Math.max(s.i, end), levels: levels});
  }
  // Setups that land on the same display bar: the later one is the one the bot used.
  var shown = setups.filter(function (s, j) { return j + 1 >= setups.length || setups[j + 1].start !== s.start; });
  var levelData = {};
  Object.keys(styles).forEach(function (name) { levelData[name] = []; });
  shown.forEach(function (s, j) {
    var next = j + 1 < shown.length ? shown[j + 1].start : n;
    var last = Math.max(s.start, Math.min(s.end, next - 2));
    Object.keys(styles).forEach(function (name) {
      var v = s.levels[name];
      if (typeof v !== 'number') return;
      var out = levelData[name];
      out.push({time: times[s.start], value: v});
      if (last > s.start) out.push({time: times[last], value: v});
      if (last + 1 < next) out.push({time: times[last + 1]});  // a gap before the next setup
    });
  });
  var levelSeries = {};
  Object.keys(styles).forEach(function (name) {
    if (!levelData[name].some(function (p) { return p.value !== undefined; })) return;
    var series = candleChart.addSeries(LC.LineSeries, {
      color: styles[name].color, lineStyle: styles[name].lineStyle, lineWidth: 1, priceFormat: pf,
      priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false
    });
    series.setData(levelData[name]);
    levelSeries[name] = series;
  });

  // Equity and drawdown on the same display bars as the candles.
  var equityChart = LC.createChart(document.getElementById('chart-equity'), options(false));
  var equity = equityChart.addSeries(LC.LineSeries, {
    color: '#0969da', lineWidth: 2, priceFormat: {type: 'price', precision: 2, minMove: 0.01}
  });
  var equityData = [];
  for (var e = 0; e < n; ++e) {
    if (D.equity[e] !== null) equityData.push({time: times[e], value: D.equity[e]});
  }
  equity.setData(equityData);
  var drawdownChart = LC.createChart(document.getElementById('chart-drawdown'), options(false));
  var drawdown = drawdownChart.addSeries(LC.AreaSeries, {
    lineColor: '#cf222e', topColor: 'rgba(207,34,46,0.35)', bottomColor: 'rgba(207,34,46,0.05)',
    invertFilledArea: true, lineWidth: 1,
    priceFormat: {type: 'custom', minMove: 0.01, formatter: function (v) { return v.toFixed(2) + ' %'; }}
  });
  var drawdownData = new Array(n);
  for (var d = 0; d < n; ++d) drawdownData[d] = {time: times[d], value: D.drawdown[d]};
  drawdown.setData(drawdownData);

  // One time axis: scrolling or zooming any chart moves the others (same bars, same logical range).
  var charts = [candleChart, equityChart, drawdownChart], syncing = false;
  charts.forEach(function (chart) {
    chart.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
      if (syncing || range === null) return;
      syncing = true;
      charts.forEach(function (other) { if (other !== chart) other.timeScale().setVisibleLogicalRange(range); });
      syncing = false;
    });
  });
  candleChart.timeScale().fitContent();

  if (!/[?&]selftest=1(&|$)/.test(window.location.search)) return;
  function inked(chart) {
    var canvas = chart.takeScreenshot(), ctx = canvas.getContext('2d');
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data, count = 0;
    for (var p = 0; p < px.length; p += 4) if (px[p] < 200 || px[p + 1] < 200 || px[p + 2] < 200) ++count;
    return count;
  }
  // Frame by frame (no timers): wait until the initial layout has settled (all three charts
  // sized and on one range for a few frames), zoom the equity chart, wait until the candle chart
  // follows, then report.
  function ranges() { return charts.map(function (c) { return c.timeScale().getVisibleLogicalRange(); }); }
  function same(a, b, tolerance) {
    return a !== null && b !== null && Math.abs(a.from - b.from) <= tolerance && Math.abs(a.to - b.to) <= tolerance;
  }
  function waitFor(test, frames, then) {
    requestAnimationFrame(function () { if (test() || frames <= 0) then(); else waitFor(test, frames - 1, then); });
  }
  var steady = 0, last = null, report;
  window.__omegaSelftest = new Promise(function (resolve) { report = resolve; });
  waitFor(function () {
    var r = ranges();
    var agreed = same(r[0], r[1], 1e-6) && same(r[0], r[2], 1e-6) && same(r[0], last, 1e-6);
    last = r[0];
    steady = agreed ? steady + 1 : 0;
    return steady >= 3;
  }, 300, function () {
    var probe = {from: Math.floor(n / 4), to: Math.max(Math.floor(n / 4) + 5, Math.floor(n / 2))};
    equityChart.timeScale().setVisibleLogicalRange(probe);
    waitFor(function () { return same(ranges()[0], probe, 1) && same(ranges()[2], probe, 1); }, 120, function () {
      var r = ranges();
      var synced = same(r[0], r[1], 1e-6) && same(r[2], r[1], 1e-6);
      var fibPoints = {};
      Object.keys(levelSeries).forEach(function (name) {
        fibPoints[name] = levelSeries[name].data().filter(function (p) { return p.value !== undefined; }).length;
      });
      var result = {
        rendered: true,
        candles: candles.data().length,
        equity: equity.data().length,
        drawdown: drawdown.data().length,
        markers: markerApi.markers().length,
        fib_signals: D.fib.filter(function (s) { return s.k === 0; }).length,
        fib_setups_shown: shown.length,
        fib_points: fibPoints,
        bad_payloads: badPayloads,
        aggregated: D.aggregated,
        synced: synced,
        // The zoom took (within a bar: the chart may snap), so the others followed a change.
        probe_followed: same(r[1], probe, 1),
        ranges: r,
        inked: {candles: inked(candleChart), equity: inked(equityChart), drawdown: inked(drawdownChart)},
        pwned: window.__pwned === 1,
        attribution_links: document.querySelectorAll('a[href^="https://www.tradingview.com"]').length,
        errors: window.__omegaErrors
      };
      var pre = document.createElement('pre');
      pre.id = 'omega-selftest';
      pre.textContent = JSON.stringify(result);
      document.body.appendChild(pre);
      report(result);
    });
  });
})();
)JS";

void append_metric(std::string& s, std::string_view name, const std::string& value, int sign = 0) {
  s += fmt::format("<tr><th class=\"l\">{}</th><td{}>{}</td></tr>\n", html_escape(name),
                   sign > 0 ? " class=\"pos\"" : (sign < 0 ? " class=\"neg\"" : ""),
                   html_escape(value));
}

int sign_of(double x) {
  return x > 0 ? 1 : (x < 0 ? -1 : 0);
}

std::string trade_row(std::size_t n, const engine::RoundTrip& t, int pp) {
  const Money net = t.net_pnl().value_or(Money());
  return fmt::format(
      "<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td>"
      "<td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td>"
      "<td>{}</td></tr>\n",
      n, t.is_long ? "long" : "short", html_escape(format_iso8601(t.entry_time)),
      html_escape(average_price_text(t.entry_notional, t.entered, pp)),
      html_escape(format_iso8601(t.exit_time)),
      html_escape(average_price_text(t.exit_notional, t.entered, pp)),
      html_escape(t.entered.to_string_trimmed()), html_escape(t.fees.to_string_trimmed()),
      net.is_negative() ? "neg" : "pos", html_escape(net.to_string_trimmed()),
      t.liquidated ? "liquidated" : "");
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string json_for_script(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 64);
  for (char ch : json) {
    switch (ch) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string render_html_report(const ReportInfo& info, const BacktestResult& result,
                               const BacktestMetrics& m, const data::CandleSeries& bars,
                               const HtmlReportOptions& options) {
  const DisplayBars display = make_display_bars(result, bars, options);
  const int pp = bars.empty() ? info.price_precision : bars.price_precision();
  const std::string title =
      fmt::format("Omega {}: {} on {}", info.run_kind.empty() ? "backtest" : info.run_kind,
                  info.bot, info.symbol.empty() ? info.data_file : info.symbol);

  std::string s;
  s.reserve(assets::lightweight_charts_js().size() + display.open_s.size() * 80 + 64 * 1024);
  s += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  s += "<title>" + html_escape(title) + "</title>\n<style>";
  s += kStyle;
  s += "</style>\n<script>";
  s += kErrorTrap;
  s += "</script>\n</head>\n<body>\n<main>\n";
  s += "<h1>" + html_escape(title) + "</h1>\n";
  s += fmt::format(
      "<p class=\"sub\">{} · {} bars of {} · {} → {}{}</p>\n", html_escape(info.data_file),
      result.bars, html_escape(display.source_timeframe),
      html_escape(format_iso8601(result.first_open)),
      html_escape(format_iso8601(result.last_close)),
      info.detail_file.empty() ? "" : " · fills matched on " + html_escape(info.detail_file));
  if (display.aggregated) {
    s += fmt::format(
        "<p class=\"note\" id=\"aggregation-note\">{} bars of {} are shown as {} {} candles to "
        "keep this page small; the equity chart shows the equity at the end of each candle and "
        "the drawdown chart the deepest drawdown inside it. The metrics and the trade list use "
        "every bar.</p>\n",
        display.source_bars, html_escape(display.source_timeframe), display.open_s.size(),
        html_escape(display.timeframe));
  }
  s += "<noscript><p class=\"error\">The charts need JavaScript; the tables below do "
       "not.</p></noscript>\n";
  s += "<h2>Price</h2>\n<div class=\"legend\">"
       "<span><i style=\"background:#1a7f37\"></i>long entry ▲ / target lines</span>"
       "<span><i style=\"background:#cf222e\"></i>short entry ▼ / stop line</span>"
       "<span><i style=\"background:#8250df\"></i>exit ● / scale-in line</span>"
       "<span><i style=\"background:#0969da\"></i>Fibonacci entry level</span></div>\n";
  s += fmt::format(
      "<div class=\"chart\" id=\"chart-candles\"><span class=\"label\">{} · {}</span></div>\n",
      html_escape(info.symbol), html_escape(display.timeframe));
  s += "<h2>Equity</h2>\n<div class=\"chart\" id=\"chart-equity\"></div>\n";
  s += "<h2>Drawdown</h2>\n<div class=\"chart\" id=\"chart-drawdown\"></div>\n";

  std::size_t denied = 0;
  for (const auto& o : result.orders) {
    if (o.status == engine::OrderUpdateKind::kDenied) ++denied;
  }
  s += "<div class=\"grid\">\n<div>\n<h2>Metrics</h2>\n<table id=\"metrics\">\n";
  append_metric(s, "Starting balance", result.starting_balance.to_string_trimmed());
  append_metric(s, "Final equity", result.final_equity.to_string_trimmed(),
                sign_of(m.total_return));
  append_metric(s, "Total return", percent(m.total_return), sign_of(m.total_return));
  append_metric(s, "CAGR", percent(m.cagr), sign_of(m.cagr));
  append_metric(s, "Max drawdown", percent(m.max_drawdown), m.max_drawdown > 0 ? -1 : 0);
  append_metric(s, "Longest drawdown", fmt::format("{:.1f} days", m.max_drawdown_days));
  append_metric(s, "Sharpe (daily, annualised)", optional_ratio(m.sharpe));
  append_metric(s, "Sortino", optional_ratio(m.sortino));
  append_metric(s, "Calmar", optional_ratio(m.calmar));
  append_metric(s, "Profit factor", optional_ratio(m.profit_factor));
  append_metric(s, "Trades", std::to_string(m.trades));
  append_metric(s, "Win rate", percent(m.win_rate));
  append_metric(s, "Expectancy per trade", fmt::format("{:.2f}", m.expectancy),
                sign_of(m.expectancy));
  append_metric(s, "Average win", fmt::format("{:.2f}", m.average_win));
  append_metric(s, "Average loss", fmt::format("{:.2f}", m.average_loss));
  append_metric(s, "Exposure", percent(m.exposure));
  append_metric(s, "Fees", result.fees_paid.to_string_trimmed());
  append_metric(s, "Funding", result.funding_paid.to_string_trimmed());
  append_metric(s, "Orders", std::to_string(result.orders.size()));
  append_metric(s, "Risk denials", std::to_string(denied));
  s += "</table>\n</div>\n<div>\n<h2>Parameters</h2>\n<table id=\"parameters\">\n";
  s += "<tr><th class=\"l\">bot</th><td class=\"l\">" + html_escape(info.bot) + "</td></tr>\n";
  if (info.parameters.empty()) {
    s += "<tr><td class=\"l\" colspan=\"2\">(the bot's defaults)</td></tr>\n";
  }
  for (const auto& [key, value] : info.parameters) {
    s += "<tr><th class=\"l\">" + html_escape(key) + "</th><td class=\"l\">" + html_escape(value) +
         "</td></tr>\n";
  }
  s += "</table>\n</div>\n</div>\n";

  s += fmt::format("<h2>Trades ({})</h2>\n", result.trips.size());
  const std::size_t rows = result.trips.size();
  const std::size_t cap = std::max<std::size_t>(2, options.max_trade_rows);
  if (rows > cap) {
    s += fmt::format(
        "<p class=\"note\">{} trades: the first and last {} are listed here, every one in "
        "trades.csv.</p>\n",
        rows, cap / 2);
  }
  s += "<table id=\"trades\">\n<tr><th>#</th><th class=\"l\">side</th><th class=\"l\">entry "
       "time</th><th>entry price</th><th class=\"l\">exit time</th><th>exit price</th>"
       "<th>size</th><th>fees</th><th>net PnL</th><th></th></tr>\n";
  for (std::size_t i = 0; i < rows; ++i) {
    if (rows > cap && i == cap / 2) {
      s += fmt::format("<tr><td class=\"l\" colspan=\"10\">… {} trades …</td></tr>\n",
                       rows - 2 * (cap / 2));
      i = rows - cap / 2;
    }
    s += trade_row(i + 1, result.trips[i], info.price_precision);
  }
  s += "</table>\n";

  const std::string library = library_name();
  s += "<footer>\n<p>Made by Omega Bot Farm. Charts: " + html_escape(library) +
       ", Copyright (c) TradingView, Inc. <a href=\"https://www.tradingview.com/\">"
       "https://www.tradingview.com/</a> — licensed under the Apache License 2.0.</p>\n";
  s += "<details><summary>Licence of the charting library</summary><pre>" +
       html_escape(assets::lightweight_charts_license()) + "</pre></details>\n</footer>\n";
  s += "</main>\n<script id=\"omega-data\" type=\"application/json\">";
  s += json_for_script(page_data(info, result, display, pp));
  s += "</script>\n<script>";
  s += assets::lightweight_charts_js();
  s += "\n</script>\n<script>";
  s += kApp;
  s += "</script>\n</body>\n</html>\n";
  return s;
}

Status write_html_report(const std::filesystem::path& dir, const ReportInfo& info,
                         const BacktestResult& result, const BacktestMetrics& metrics,
                         const data::CandleSeries& bars, const HtmlReportOptions& options) {
  return data::write_file_atomic(dir / "report.html",
                                 render_html_report(info, result, metrics, bars, options));
}

}  // namespace omega::backtest
