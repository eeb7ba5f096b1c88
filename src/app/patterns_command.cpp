#include "app/patterns_command.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analytics/patterns/pattern_registry.hpp"
#include "app/analysis_input.hpp"
#include "app/cli_context.hpp"

namespace omega::app {
namespace {

struct Flags {
  std::string input;
  std::vector<std::string> only;
  std::size_t last = 0;
};

void run(const Flags& f, CliContext& ctx) {
  std::vector<patterns::Pattern> chosen;
  for (const std::string& name : f.only) {
    auto p = patterns::parse_pattern(name);
    if (!p.ok()) {
      fmt::print(stderr, "omega: usage error: {}\n", p.error().message());
      ctx.exit_code = kExitUsage;
      return;
    }
    chosen.push_back(*p);
  }
  if (chosen.empty()) {
    const auto all = patterns::all_patterns();
    chosen.assign(all.begin(), all.end());
  }
  auto loaded = load_analysis_input(f.input);
  if (!loaded.ok()) {
    fmt::print(stderr, "omega: error: {}\n", loaded.error().to_string());
    ctx.exit_code = kExitFailure;
    return;
  }
  const AnalysisInput& in = *loaded;
  const std::size_t n = in.series.size();
  const patterns::OhlcSpans bars{in.open, in.high, in.low, in.close};
  const std::size_t from = f.last > 0 && f.last < n ? n - f.last : 0;

  std::vector<std::vector<int>> outputs;
  Document doc;
  auto& summary = doc.table("summary", {"pattern", "talib", "lookback", "bullish", "bearish"});
  for (const patterns::Pattern p : chosen) {
    std::vector<int> out(n);
    patterns::run_pattern(p, bars, out);
    long long bull = 0;
    long long bear = 0;
    for (std::size_t i = from; i < n; ++i) {
      bull += out[i] > 0;
      bear += out[i] < 0;
    }
    const std::string_view talib = patterns::talib_name(p);
    summary.rows.push_back({str(std::string(patterns::to_string(p))),
                            str(talib.empty() ? "-" : std::string(talib)),
                            num(patterns::lookback(p)), num(bull), num(bear)});
    outputs.push_back(std::move(out));
  }
  // Matches in time order, patterns in the order asked for within one bar.
  auto& matches = doc.table("matches", {"index", "time", "pattern", "score"});
  for (std::size_t i = from; i < n; ++i) {
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      if (outputs[k][i] == 0) continue;
      matches.rows.push_back({num(static_cast<long long>(i)), str(bar_time(in.series, i)),
                              str(std::string(patterns::to_string(chosen[k]))),
                              num(outputs[k][i])});
    }
  }
  print_document(stdout, doc, ctx.style());
}

}  // namespace

void add_patterns_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "patterns",
      "Candlestick patterns (TA-Lib compatible scores: +/-100, +/-80 for weaker engulfing/harami)");
  cmd->add_option("--input", flags->input, "Candle file (.csv, .json, .gz of either)")->required();
  cmd->add_option("--only", flags->only,
                  "Patterns to run (names or TA-Lib names, space or comma separated; default all)")
      ->delimiter(',');
  cmd->add_option("--last", flags->last, "Report only the last N bars (default: every bar)");
  cmd->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace omega::app
