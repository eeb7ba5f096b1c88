#include "app/fib_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analytics/fibonacci/alignment.hpp"
#include "analytics/fibonacci/confluence.hpp"
#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "analytics/fibonacci/time_zones.hpp"
#include "analytics/fibonacci/wilder_atr.hpp"
#include "app/analysis_input.hpp"
#include "app/cli_context.hpp"

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

std::string_view kind_text(fib::SwingKind k) { return k == fib::SwingKind::kHigh ? "high" : "low"; }

struct Flags {
  std::string input;
  std::string swing = "zigzag:5%";
  std::optional<double> at;
  std::string ratios;
  std::size_t legs = 6;
  double tolerance_pct = 0.5;
  std::size_t max_swings = 20;
  int atr_period = 14;
};

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
  fib::wilder_atr(in.high, in.low, in.close, f.atr_period, atr);
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

  // Confluence over the most recent legs, each weighted by its size against the largest, so a
  // big swing's levels count more than a small one's.
  const std::size_t take = std::min(f.legs, legs.size());
  const std::span<const fib::SwingLeg> recent(legs.data() + legs.size() - take, take);
  double largest = 0.0;
  for (const auto& l : recent) largest = std::max(largest, l.size());
  std::vector<double> weights;
  for (const auto& l : recent) weights.push_back(largest > 0.0 ? l.size() / largest : 1.0);
  const auto sourced = fib::sourced_levels(recent, ratios, weights);
  fib::ConfluenceOptions copt;
  copt.tolerance_pct = f.tolerance_pct;
  const auto zones = fib::find_confluence(sourced, copt);
  auto& cz = doc.table("confluence", {"low", "high", "center", "sources", "levels", "score"});
  for (std::size_t z = 0; z < zones.size() && z < 10; ++z) {
    const auto& zone = zones[z];
    cz.rows.push_back({num_text(price_text(zone.low, prec)), num_text(price_text(zone.high, prec)),
                       num_text(price_text(zone.center, prec)), num(zone.sources),
                       num(static_cast<long long>(zone.members.size())),
                       num_text(fixed(zone.score, 3))});
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
  cmd->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace omega::app
