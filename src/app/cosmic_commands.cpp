#include "app/cosmic_commands.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analytics/cosmic/aspects.hpp"
#include "analytics/cosmic/cosmic_analysis.hpp"
#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "analytics/cosmic/moon_phase.hpp"
#include "analytics/cosmic/retrograde.hpp"
#include "analytics/cosmic/time_scales.hpp"
#include "app/cli_context.hpp"
#include "data/candle_reader.hpp"
#include "model/decimal.hpp"

namespace omega::app {
namespace {

using namespace omega::cosmic;  // NOLINT(google-build-using-namespace): one module's commands

void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

void fail_usage(CliContext& ctx, const std::string& message) {
  fmt::print(stderr, "omega: usage error: {}\n", message);
  ctx.exit_code = kExitUsage;
}

Cell deg(double v) {
  return num_text(fmt::format("{:.6f}", v));
}

// Parses --from/--to; fails as a usage error when missing, malformed or reversed.
Result<std::pair<Timestamp, Timestamp>> parse_range(const std::string& from,
                                                    const std::string& to) {
  OMEGA_ASSIGN_OR_RETURN(const Timestamp a, parse_iso8601(from));
  OMEGA_ASSIGN_OR_RETURN(const Timestamp b, parse_iso8601(to));
  if (b < a) {
    return Error(ErrorCode::kInvalidArgument, "--to is before --from");
  }
  return std::make_pair(a, b);
}

Timestamp now_utc() {
  return Timestamp(std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count());
}

void add_positions_table(Document& doc, const CosmicFactors& f) {
  auto& t = doc.table("positions", {"body", "lon_deg", "lat_deg", "distance_au",
                                    "lon_speed_deg_per_day", "sign", "retrograde"});
  for (Body b : kAllBodies) {
    const BodyState& s = f.body(b);
    t.rows.push_back(
        {str(std::string(to_string(b))), deg(s.position.lon_deg), deg(s.position.lat_deg),
         num_text(fmt::format("{:.8f}", s.position.distance_au)), deg(s.lon_speed_deg_per_day),
         str(std::string(sign_name(f.signs[static_cast<std::size_t>(b)]))),
         str(s.retrograde() ? "yes" : "no")});
  }
}

void add_moon_fields(Document& doc, const MoonPhase& m) {
  doc.fields("moon").fields = {
      {"phase", str(std::string(to_string(m.name)))},
      {"elongation_deg", deg(m.elongation_deg)},
      {"phase_angle_deg", deg(m.phase_angle_deg)},
      {"illuminated_fraction", num_text(fmt::format("{:.6f}", m.illuminated_fraction))},
      {"age_days", num_text(fmt::format("{:.4f}", m.age_days))},
      {"waxing", str(m.waxing ? "yes" : "no")},
  };
}

// `omega cosmic now` and `omega cosmic positions --at T`: the factors at one instant.
void add_instant_command(CLI::App& parent, CliContext& ctx, const std::string& name,
                         const std::string& help, bool full) {
  auto at = std::make_shared<std::string>();
  CLI::App* cmd = parent.add_subcommand(name, help);
  cmd->add_option("--at", *at, "Instant (ISO-8601, UTC unless an offset is given); default now");
  cmd->callback([at, &ctx, full] {
    Timestamp t = now_utc();
    if (!at->empty()) {
      auto parsed = parse_iso8601(*at);
      if (!parsed.ok()) return fail_usage(ctx, parsed.error().message());
      t = *parsed;
    }
    CosmicServiceConfig config;
    config.cache_resolution = std::chrono::nanoseconds(1);
    CosmicFactorService service(config);
    const CosmicFactors f = service.current_factors(t);
    Document doc;
    doc.fields("instant").fields = {
        {"utc", str(format_iso8601(f.at))},
        {"jd_tt", num_text(fmt::format("{:.8f}", f.jd_tt))},
        {"tt_minus_utc_s", num_text(fmt::format("{:.3f}", tt_minus_utc_seconds(f.at)))},
        {"mercury_retrograde", str(f.mercury_retrograde ? "yes" : "no")},
    };
    add_positions_table(doc, f);
    if (full) {
      add_moon_fields(doc, f.moon);
      auto& t_asp = doc.table(
          "aspects", {"first", "second", "aspect", "separation_deg", "orb_deg", "applying"});
      for (const Aspect& a : f.aspects) {
        t_asp.rows.push_back({str(std::string(to_string(a.first))),
                              str(std::string(to_string(a.second))),
                              str(std::string(to_string(a.kind))), deg(a.separation_deg),
                              deg(a.orb_deg), str(a.applying ? "yes" : "no")});
      }
    }
    print_document(stdout, doc, ctx.style());
  });
}

struct RangeFlags {
  std::string from;
  std::string to;
};

void add_range_flags(CLI::App* cmd, RangeFlags& r) {
  cmd->add_option("--from", r.from, "Start (ISO-8601 date or instant, UTC)")->required();
  cmd->add_option("--to", r.to, "End (ISO-8601 date or instant, UTC)")->required();
}

// `omega cosmic phases --from D --to D`
void add_phases(CLI::App& parent, CliContext& ctx) {
  auto flags = std::make_shared<RangeFlags>();
  CLI::App* cmd = parent.add_subcommand(
      "phases", "Exact instants of new moon, first quarter, full moon and last quarter");
  add_range_flags(cmd, *flags);
  cmd->callback([flags, &ctx] {
    auto range = parse_range(flags->from, flags->to);
    if (!range.ok()) return fail_usage(ctx, range.error().message());
    Document doc;
    auto& t = doc.table("phases", {"utc", "phase", "jd_tt"});
    for (const PhaseEvent& p :
         find_moon_phases(jd_tt_from_utc(range->first), jd_tt_from_utc(range->second))) {
      t.rows.push_back(
          {str(format_iso8601(
               Timestamp::from_s((p.utc.ns() + kNanosPerSecond / 2) / kNanosPerSecond))),
           str(std::string(to_string(p.phase))), num_text(fmt::format("{:.8f}", p.jd_tt))});
    }
    print_document(stdout, doc, ctx.style());
  });
}

// `omega cosmic retrogrades [--planet P] --from D --to D`
void add_retrogrades(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    RangeFlags range;
    std::vector<std::string> planets;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "retrogrades", "Retrograde periods (station retrograde to station direct) of planets");
  add_range_flags(cmd, flags->range);
  cmd->add_option("--planet", flags->planets,
                  "Planet (repeatable): mercury ... pluto; default mercury, venus and mars");
  cmd->callback([flags, &ctx] {
    auto range = parse_range(flags->range.from, flags->range.to);
    if (!range.ok()) return fail_usage(ctx, range.error().message());
    std::vector<Body> bodies;
    if (flags->planets.empty()) {
      bodies = {Body::kMercury, Body::kVenus, Body::kMars};
    }
    for (const std::string& name : flags->planets) {
      auto body = parse_body(name);
      if (!body.ok() || !can_retrograde(*body)) {
        return fail_usage(ctx, "--planet: '" + name + "' is not a planet");
      }
      bodies.push_back(*body);
    }
    const double a = jd_tt_from_utc(range->first);
    const double b = jd_tt_from_utc(range->second);
    Document doc;
    auto& t = doc.table("retrogrades", {"planet", "station_retrograde_utc", "station_direct_utc",
                                        "duration_days", "lon_at_sr_deg", "lon_at_sd_deg"});
    for (Body body : bodies) {
      for (const RetrogradePeriod& p : retrograde_periods(body, a, b)) {
        t.rows.push_back({str(std::string(to_string(body))), str(format_iso8601(p.start.utc)),
                          str(format_iso8601(p.end.utc)),
                          num_text(fmt::format("{:.4f}", p.end.jd_tt - p.start.jd_tt)),
                          deg(p.start.lon_deg), deg(p.end.lon_deg)});
      }
    }
    print_document(stdout, doc, ctx.style());
  });
}

// `omega cosmic aspects --from D --to D [--with-moon]`
void add_aspects(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    RangeFlags range;
    bool with_moon = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "aspects", "Exact conjunctions, sextiles, squares, trines and oppositions between bodies");
  add_range_flags(cmd, flags->range);
  cmd->add_flag("--with-moon", flags->with_moon, "Include the Moon (several aspects a day)");
  cmd->callback([flags, &ctx] {
    auto range = parse_range(flags->range.from, flags->range.to);
    if (!range.ok()) return fail_usage(ctx, range.error().message());
    std::vector<Body> bodies = CosmicServiceConfig{}.event_bodies;
    if (flags->with_moon) {
      bodies.insert(bodies.begin() + 1, Body::kMoon);
    }
    Document doc;
    auto& t = doc.table("aspects", {"utc", "first", "aspect", "second", "jd_tt"});
    for (const AspectEvent& e :
         find_exact_aspects(jd_tt_from_utc(range->first), jd_tt_from_utc(range->second), bodies)) {
      t.rows.push_back(
          {str(format_iso8601(
               Timestamp::from_s((e.utc.ns() + kNanosPerSecond / 2) / kNanosPerSecond))),
           str(std::string(to_string(e.first))), str(std::string(to_string(e.kind))),
           str(std::string(to_string(e.second))), num_text(fmt::format("{:.6f}", e.jd_tt))});
    }
    print_document(stdout, doc, ctx.style());
  });
}

// `omega cosmic analyze --data FILE [--seed N]`
void add_analyze(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    std::string file;
    AnalysisOptions options;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "analyze",
      "Test returns and volatility against moon phases, retrogrades and aspects (rotation "
      "permutations, block bootstrap, Benjamini-Hochberg); says plainly when nothing is found");
  cmd->add_option("--data", flags->file, "Candle file (.csv, .json, .gz of either)")->required();
  cmd->add_option("--seed", flags->options.seed, "Seed of every random draw")
      ->capture_default_str();
  cmd->add_option("--permutations", flags->options.permutations, "Rotations per test")
      ->check(CLI::Range(1000, 1000000))
      ->capture_default_str();
  cmd->add_option("--bootstrap", flags->options.bootstrap_resamples, "Bootstrap resamples per test")
      ->check(CLI::Range(100, 100000))
      ->capture_default_str();
  cmd->add_option("--fdr", flags->options.fdr_q, "Benjamini-Hochberg false discovery rate")
      ->check(CLI::Range(0.001, 0.5))
      ->capture_default_str();
  cmd->callback([flags, &ctx] {
    auto r = data::read_candles(flags->file);
    if (!r.ok()) return fail(ctx, r.error());
    const data::CandleSeries& s = r->series;
    std::vector<double> closes(s.size());
    const double scale = std::pow(10.0, s.price_precision());
    for (std::size_t i = 0; i < s.size(); ++i) {
      closes[i] = static_cast<double>(s.close_raw()[i]) / scale;
    }
    const auto start = std::chrono::steady_clock::now();
    auto report = analyze_cosmic(s.open_time_ns(), closes, flags->options);
    if (!report.ok()) return fail(ctx, report.error());
    fmt::print(stderr, "analysed {} bars of {} in {:.1f} s\n", s.size(), flags->file,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (ctx.style() == OutputStyle::kTable) {
      fmt::print("{}", format_report(*report));
      return;
    }
    Document doc;
    doc.fields("analysis").fields = {
        {"file", str(flags->file)},
        {"returns", num(static_cast<long long>(report->n_returns))},
        {"seed", num(static_cast<long long>(report->options.seed))},
        {"permutations", num(report->options.permutations)},
        {"bootstrap_resamples", num(report->options.bootstrap_resamples)},
        {"block_length", num(static_cast<long long>(report->block_length))},
        {"fdr_q", num_text(fmt::format("{}", report->options.fdr_q))},
        {"significant", num(static_cast<long long>(report->significant_count))},
        {"summary", str(report->summary)},
    };
    auto& t = doc.table(
        "tests", {"factor", "metric", "n_in", "n_out", "mean_in", "mean_out", "difference",
                  "ci_low", "ci_high", "effect_size", "effect_ci_low", "effect_ci_high", "p_value",
                  "p_floor", "q_value", "significant", "mde", "mde_effect_size"});
    const auto g = [](double v) { return num_text(fmt::format("{:.6g}", v)); };
    for (const FactorResult& f : report->results) {
      t.rows.push_back({str(f.factor), str(std::string(to_string(f.metric))),
                        num(static_cast<long long>(f.n_in)), num(static_cast<long long>(f.n_out)),
                        g(f.mean_in), g(f.mean_out), g(f.difference), g(f.ci_low), g(f.ci_high),
                        g(f.effect_size), g(f.effect_ci_low), g(f.effect_ci_high), g(f.p_value),
                        g(f.p_floor), g(f.q_value), str(f.significant ? "yes" : "no"), g(f.mde),
                        g(f.mde_effect_size)});
    }
    print_document(stdout, doc, ctx.style());
  });
}

}  // namespace

void add_cosmic_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* cosmic = app.add_subcommand(
      "cosmic", "Astronomy (positions, Moon phases, retrogrades, aspects) and its market tests");
  cosmic->require_subcommand(1);
  add_instant_command(*cosmic, ctx, "now",
                      "Positions, Moon phase, retrogrades and aspects now (or --at T)", true);
  add_instant_command(*cosmic, ctx, "positions",
                      "Apparent geocentric ecliptic positions and speeds at --at T", false);
  add_phases(*cosmic, ctx);
  add_retrogrades(*cosmic, ctx);
  add_aspects(*cosmic, ctx);
  add_analyze(*cosmic, ctx);
}

}  // namespace omega::app
