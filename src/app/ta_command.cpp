#include "app/ta_command.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analytics/indicators/registry.hpp"
#include "app/analysis_input.hpp"
#include "app/cli_context.hpp"

namespace omega::app {
namespace {

struct Flags {
  std::vector<std::string> specs;
  std::string input;
  std::size_t last = 0;
};

// Shortest text that reads back to the same double; NaN (undefined) is an empty cell.
Cell value_cell(double v) {
  if (std::isnan(v)) return str("");
  return num_text(fmt::format("{}", v));
}

void run(const Flags& f, CliContext& ctx) {
  std::vector<std::unique_ptr<indicators::Indicator>> made;
  for (const std::string& spec : f.specs) {
    auto ind = indicators::make_indicator(spec);
    if (!ind.ok()) {
      fmt::print(stderr, "omega: usage error: {}\n", ind.error().message());
      ctx.exit_code = kExitUsage;
      return;
    }
    made.push_back(std::move(*ind));
  }
  auto loaded = load_analysis_input(f.input);
  if (!loaded.ok()) {
    fmt::print(stderr, "omega: error: {}\n", loaded.error().to_string());
    ctx.exit_code = kExitFailure;
    return;
  }
  const AnalysisInput& in = *loaded;
  const std::vector<double> volume = in.series.to_doubles(data::Column::kVolume);
  indicators::BarColumns bars;
  bars.ts_ns = in.series.open_time_ns();
  bars.open = in.open;
  bars.high = in.high;
  bars.low = in.low;
  bars.close = in.close;
  bars.volume = volume;

  // One column per output: the canonical spec, and ".output" when there are several.
  std::vector<std::string> columns = {"time"};
  std::vector<std::vector<double>> values;
  for (const auto& ind : made) {
    const indicators::IndicatorInfo& info = ind->info();
    auto outs = ind->compute(bars);
    for (std::size_t k = 0; k < outs.size(); ++k) {
      columns.push_back(outs.size() == 1 ? info.spec
                                         : fmt::format("{}.{}", info.spec, info.outputs[k]));
      values.push_back(std::move(outs[k]));
    }
  }
  const std::size_t n = in.series.size();
  const std::size_t from = f.last > 0 && f.last < n ? n - f.last : 0;
  Document doc;
  auto& table = doc.table("ta", columns);
  table.rows.reserve(n - from);
  for (std::size_t i = from; i < n; ++i) {
    std::vector<Cell> row;
    row.reserve(columns.size());
    row.push_back(str(bar_time(in.series, i)));
    for (const auto& column : values) row.push_back(value_cell(column[i]));
    table.rows.push_back(std::move(row));
  }
  print_document(stdout, doc, ctx.style());
}

}  // namespace

void add_ta_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "ta",
      "Indicators by spec (rsi:14, macd:12,26,9, ...), one column per output, one row per bar");
  cmd->add_option("SPEC", flags->specs, "Indicator specs, e.g. sma:20 rsi:14 macd:12,26,9")
      ->required();
  cmd->add_option("--input", flags->input, "Candle file (.csv, .json, .gz of either)")->required();
  cmd->add_option("--last", flags->last, "Print only the last N bars (computed on all of them)");
  cmd->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace omega::app
