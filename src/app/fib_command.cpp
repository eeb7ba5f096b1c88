#include "app/fib_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analytics/fibonacci/alignment.hpp"
#include "analytics/fibonacci/confluence.hpp"
#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "analytics/fibonacci/time_zones.hpp"
#include "analytics/indicators/atr.hpp"
#include "app/analysis_input.hpp"
#include "app/cli_context.hpp"
#include "chat/chart/chart_layout.hpp"
#include "chat/chart/fib_chart.hpp"
#include "core/timeframe.hpp"
#include "data/atomic_file.hpp"
#include "data/resampler.hpp"

namespace omega::app {
namespace {

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

void fail_usage(CliContext& ctx, const std::string& message) {
  fmt::print(stderr, "omega: usage error: {}\n", message);
  ctx.exit_code = kExitUsage;
}

// Formats a price with two more digits than the series carries, trimmed.
std::string price_text(double v, int precision) {
  if (!std::isfinite(v)) return "";
  std::string s = fmt::format("{:.{}f}", v, precision + 2);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string fixed(double v, int digits) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : "";
}

std::string_view kind_text(fib::SwingKind k) {
  return k == fib::SwingKind::kHigh ? "high" : "low";
}

struct Flags {
  std::string input;
  std::string swing = "zigzag:5%";
  std::optional<double> at;
  std::string ratios;
  std::size_t legs = 6;
  double tolerance_pct = 0.5;
  std::size_t max_swings = 20;
  int atr_period = 14;
  std::vector<std::string> timeframes;
  std::string png;     // chart output path; empty: no chart
  std::string symbol;  // chart title; empty: the input file's name
  int png_width = 1200;
  int png_height = 675;
  std::size_t png_candles = 200;
  bool png_volume = true;
};

// Renders the chart of the last leg (the levels printed) and replaces `f.png` atomically.
Status write_chart(const Flags& f, const data::CandleSeries& series, const fib::SwingSpec& spec,
                   const fib::SwingLeg& leg, const std::vector<fib::FibLevel>& levels) {
  chart::ChartOptions options;
  options.width_px = f.png_width;
  options.height_px = f.png_height;
  options.max_candles = f.png_candles;
  options.volume = f.png_volume;
  options.symbol =
      !f.symbol.empty() ? f.symbol : std::filesystem::path(f.input).filename().string();
  const int decimals = std::clamp(series.price_precision(), 0, 8);
  options.subtitle = fmt::format(
      "{} · last leg {} {} → {}", spec.to_string(), leg.up() ? "up" : "down",
      chart::format_price(leg.from.price, decimals), chart::format_price(leg.to.price, decimals));
  auto chart = chart::render_leg_chart(series, leg, levels, options);
  if (!chart.ok()) return std::move(chart).error().with_context("--png " + f.png);
  const std::string_view bytes(reinterpret_cast<const char*>(chart->png.data()), chart->png.size());
  OMEGA_TRY(data::write_file_atomic(f.png, bytes));
  fmt::print(stderr, "chart: {} ({} bytes, {} candles)\n", f.png, chart->png.size(),
             chart->options.max_candles);
  return ok_status();
}

void run(const Flags& f, CliContext& ctx) {
  auto spec = fib::parse_swing_spec(f.swing);
  if (!spec.ok()) return fail_usage(ctx, spec.error().message());
  fib::RatioSet ratios = fib::RatioSet::standard();
  if (!f.ratios.empty()) {
    auto parsed = fib::parse_ratio_set(f.ratios);
    if (!parsed.ok()) return fail_usage(ctx, parsed.error().message());
    ratios = std::move(*parsed);
  }
  auto loaded = load_analysis_input(f.input);
  if (!loaded.ok()) return fail(ctx, loaded.error());
  const AnalysisInput& in = *loaded;
  const data::CandleSeries& s = in.series;
  const int prec = s.price_precision();
  const std::size_t n = s.size();

  const auto swings = fib::detect_swings(*spec, in.high, in.low, in.close);
  const auto legs = fib::swing_legs(swings);
  std::vector<double> atr(n);
  indicators::atr(in.high, in.low, in.close, f.atr_period, atr);
  const double last_atr = n > 0 ? atr[n - 1] : NAN;
  const double price = f.at.value_or(in.close.back());

  Document doc;
  doc.fields("summary").fields = {
      {"file", str(f.input)},
      {"rows", num(static_cast<long long>(n))},
      {"swing", str(spec->to_string())},
      {"swings", num(static_cast<long long>(swings.size()))},
      {"legs", num(static_cast<long long>(legs.size()))},
      {"last_time", str(bar_time(s, n - 1))},
      {"last_close", num_text(price_text(in.close.back(), prec))},
      {"price", num_text(price_text(price, prec))},
      {"atr", num_text(price_text(last_atr, prec))},
      {"atr_period", num(f.atr_period)},
      {"tick_size", num_text(price_text(in.tick_size, prec))},
  };

  auto& sw = doc.table("swings", {"kind", "price", "pivot_index", "pivot_time", "confirmed_index",
                                  "confirmed_time"});
  const std::size_t first = swings.size() > f.max_swings ? swings.size() - f.max_swings : 0;
  for (std::size_t k = first; k < swings.size(); ++k) {
    const fib::Swing& w = swings[k];
    sw.rows.push_back({str(std::string(kind_text(w.kind))), num_text(price_text(w.price, prec)),
                       num(static_cast<long long>(w.pivot_index)), str(bar_time(s, w.pivot_index)),
                       num(static_cast<long long>(w.confirmed_index)),
                       str(bar_time(s, w.confirmed_index))});
  }

  if (legs.empty()) {
    if (!f.png.empty()) {
      return fail(ctx, Error(ErrorCode::kNotFound,
                             fmt::format("fewer than two swings with {}: no levels to draw, no "
                                         "chart written",
                                         spec->to_string()))
                           .with_context("--png " + f.png));
    }
    fmt::print(stderr, "warning: fewer than two swings with {}; no levels to draw\n",
               spec->to_string());
    print_document(stdout, doc, ctx.style());
    return;
  }

  const fib::SwingLeg& leg = legs.back();
  const fib::PriceZone pocket = fib::golden_pocket(leg);
  doc.fields("leg").fields = {
      {"direction", str(leg.up() ? "up" : "down")},
      {"from_price", num_text(price_text(leg.from.price, prec))},
      {"from_time", str(bar_time(s, leg.from.pivot_index))},
      {"to_price", num_text(price_text(leg.to.price, prec))},
      {"to_time", str(bar_time(s, leg.to.pivot_index))},
      {"confirmed_time", str(bar_time(s, leg.to.confirmed_index))},
      {"golden_pocket_low", num_text(price_text(pocket.low, prec))},
      {"golden_pocket_high", num_text(price_text(pocket.high, prec))},
      {"in_golden_pocket", str(pocket.contains(price) ? "yes" : "no")},
  };

  const auto levels = fib::fib_levels(leg, ratios);
  auto& lv = doc.table("levels", {"kind", "ratio", "price"});
  for (const fib::FibLevel& l : levels) {
    lv.rows.push_back({str(std::string(fib::to_string(l.kind))), num_text(fixed(l.ratio, 3)),
                       num_text(price_text(l.price, prec))});
  }

  // Confluence over the most recent legs of the input and of each --timeframes series. A leg
  // weighs its size against the largest leg of its timeframe, times 1 + log2 of the timeframe's
  // length over the input's, so a daily swing's levels count more than an hourly one's.
  struct Frame {
    std::string name;
    double weight = 1.0;
    std::vector<fib::SwingLeg> legs;
  };
  std::vector<Frame> frames;
  const auto base_tf = data::detect_timeframe(s);
  frames.push_back({base_tf ? base_tf->to_string() : "input", 1.0, legs});
  for (const std::string& name : f.timeframes) {
    const auto tf = Timeframe::parse(name);
    if (!tf.ok()) return fail_usage(ctx, tf.error().message());
    data::ResampleOptions ro;
    ro.to = *tf;
    auto resampled = data::resample_candles(s, ro);
    if (!resampled.ok()) return fail(ctx, std::move(resampled).error().with_context(f.input));
    const data::CandleSeries& rs = resampled->series;
    const auto h = rs.to_doubles(data::Column::kHigh);
    const auto l = rs.to_doubles(data::Column::kLow);
    const auto c = rs.to_doubles(data::Column::kClose);
    const auto tf_swings = fib::detect_swings(*spec, h, l, c);
    double ratio = 1.0;
    if (base_tf) {
      ratio = static_cast<double>(tf->duration().count()) /
              static_cast<double>(base_tf->duration().count());
    }
    frames.push_back(
        {tf->to_string(), 1.0 + std::log2(std::max(ratio, 1.0)), fib::swing_legs(tf_swings)});
  }
  std::vector<fib::SourcedLevel> sourced;
  std::vector<std::string> source_frame;
  for (const Frame& fr : frames) {
    const std::size_t take = std::min(f.legs, fr.legs.size());
    const std::span<const fib::SwingLeg> recent(fr.legs.data() + fr.legs.size() - take, take);
    double largest = 0.0;
    for (const auto& l : recent) largest = std::max(largest, l.size());
    std::vector<double> weights;
    for (const auto& l : recent) {
      weights.push_back(fr.weight * (largest > 0.0 ? l.size() / largest : 1.0));
    }
    const auto more =
        fib::sourced_levels(recent, ratios, weights, static_cast<int>(source_frame.size()));
    sourced.insert(sourced.end(), more.begin(), more.end());
    source_frame.insert(source_frame.end(), take, fr.name);
  }
  fib::ConfluenceOptions copt;
  copt.tolerance_pct = f.tolerance_pct;
  const auto zones = fib::find_confluence(sourced, copt);
  auto& cz = doc.table("confluence",
                       {"low", "high", "center", "sources", "levels", "score", "timeframes"});
  for (std::size_t z = 0; z < zones.size() && z < 10; ++z) {
    const auto& zone = zones[z];
    std::vector<std::string> names;
    for (const std::size_t m : zone.members) {
      const std::string& name = source_frame[static_cast<std::size_t>(sourced[m].source)];
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    cz.rows.push_back({num_text(price_text(zone.low, prec)), num_text(price_text(zone.high, prec)),
                       num_text(price_text(zone.center, prec)), num(zone.sources),
                       num(static_cast<long long>(zone.members.size())),
                       num_text(fixed(zone.score, 3)),
                       str(fmt::format("{}", fmt::join(names, " ")))});
  }

  if (const auto a = fib::align_price(price, levels, in.tick_size, last_atr)) {
    const fib::FibLevel& near = levels[a->nearest];
    auto level_name = [&](const std::optional<std::size_t>& i) {
      if (!i) return std::string();
      return fmt::format("{} {} @ {}", fib::to_string(levels[*i].kind), fixed(levels[*i].ratio, 3),
                         price_text(levels[*i].price, prec));
    };
    doc.fields("alignment").fields = {
        {"price", num_text(price_text(price, prec))},
        {"nearest_kind", str(std::string(fib::to_string(near.kind)))},
        {"nearest_ratio", num_text(fixed(near.ratio, 3))},
        {"nearest_price", num_text(price_text(near.price, prec))},
        {"distance", num_text(price_text(a->distance, prec))},
        {"distance_pct", num_text(fixed(a->distance_pct, 4))},
        {"distance_ticks", num_text(fixed(a->distance_ticks, 1))},
        {"distance_atr", num_text(fixed(a->distance_atr, 4))},
        {"below", str(level_name(a->below))},
        {"above", str(level_name(a->above))},
    };
  }

  // Time zones from the leg's start, one unit being the leg's length in bars.
  const std::size_t unit = leg.to.pivot_index - leg.from.pivot_index;
  const auto zones_t = fib::fib_time_zones(leg.from.pivot_index, unit, n + 144 * unit);
  auto& tz = doc.table("time_zones", {"fib", "index", "time", "projected"});
  long long fibn = 0;
  long long fnext = 1;
  for (std::size_t z = 0; z < zones_t.size() && z < 16; ++z) {
    tz.rows.push_back({num(fibn), num(static_cast<long long>(zones_t[z])),
                       str(bar_time(s, zones_t[z])), str(zones_t[z] >= n ? "yes" : "no")});
    const long long next = fibn == 0 ? 1 : fibn + fnext;
    fnext = fibn == 0 ? 1 : fibn;
    fibn = next;
  }
  if (!f.png.empty()) {
    if (auto st = write_chart(f, s, *spec, leg, levels); !st.ok()) return fail(ctx, st.error());
  }
  print_document(stdout, doc, ctx.style());
}

}  // namespace

void add_fib_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "fib",
      "Swings (no look-ahead), Fibonacci levels of the last leg, confluence zones, alignment of a "
      "price and time zones");
  cmd->add_option("--input", flags->input, "Candle file (.csv, .json, .gz of either)")->required();
  cmd->add_option("--swing", flags->swing,
                  "Swing detector: zigzag:P% (reversal in percent), atr:M[,PERIOD] (reversal in "
                  "ATRs), fractal:N[,RIGHT] (bars each side)")
      ->capture_default_str();
  cmd->add_option("--at", flags->at, "Price to align to the levels (default: the last close)");
  cmd->add_option("--ratios", flags->ratios,
                  "Ratio set: retracements[/extensions], e.g. 0.382,0.5,0.618/1.618 (default: "
                  "the standard set)");
  cmd->add_option("--legs", flags->legs, "Recent legs whose levels feed the confluence zones")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--tolerance", flags->tolerance_pct, "Confluence zone width in percent")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--max-swings", flags->max_swings, "Most recent swings listed")
      ->capture_default_str();
  cmd->add_option("--atr-period", flags->atr_period, "ATR period for distances in ATRs")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--timeframes", flags->timeframes,
                  "Higher timeframes whose legs also feed the confluence zones, e.g. 4h,1d "
                  "(resampled from the input)")
      ->delimiter(',');
  cmd->add_option("--png", flags->png,
                  "Also write a chart of the last leg and its levels as a PNG (replaced "
                  "atomically)");
  cmd->add_option("--symbol", flags->symbol,
                  "Symbol named in the chart title (default: the "
                  "input file's name)");
  cmd->add_option("--png-width", flags->png_width, "Chart width in pixels")
      ->check(CLI::Range(320, 4096))
      ->capture_default_str();
  cmd->add_option("--png-height", flags->png_height, "Chart height in pixels")
      ->check(CLI::Range(200, 4096))
      ->capture_default_str();
  cmd->add_option("--png-candles", flags->png_candles,
                  "Trailing candles drawn (more when the leg starts earlier, up to 1000)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_flag("!--no-volume", flags->png_volume, "Leave the volume panel out of the chart");
  cmd->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace omega::app
