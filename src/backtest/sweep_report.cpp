// Implements the sweep and walk-forward writers.
#include "backtest/sweep_report.hpp"

#include <cmath>
#include <system_error>

#include <fmt/format.h>

#include "backtest/report.hpp"
#include "core/json_text.hpp"
#include "data/atomic_file.hpp"

namespace omega::backtest {
namespace {

std::string number(double x) {
  if (!std::isfinite(x)) return "";
  return fmt::format("{:.10g}", x);
}

std::string json_number(double x) {
  const std::string s = number(x);
  return s.empty() ? "null" : s;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Status make_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error(ErrorCode::kIo, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  return ok_status();
}

std::string params_json(const ParamSpace& space, std::uint64_t combination) {
  std::string s = "{";
  for (std::size_t a = 0; a < space.axes().size(); ++a) {
    s += fmt::format("{}{}: {}", a == 0 ? "" : ", ", json_string(space.axes()[a].name),
                     json_string(space.value(combination, a)));
  }
  return s + "}";
}

std::string metrics_json(const RunRow& row) {
  std::string s = "{";
  for (std::size_t i = 0; i < kRunMetricCount; ++i) {
    s += fmt::format("{}\"{}\": {}", i == 0 ? "" : ", ", metric_name(static_cast<RunMetric>(i)),
                     json_number(row.values[i]));
  }
  return s + "}";
}

std::string deflated_json(const analytics::DeflatedSharpe& d) {
  return fmt::format(
      "{{\"probability\": {}, \"sharpe_daily\": {}, \"expected_max_sharpe_daily\": {}, "
      "\"trials\": {}, \"trial_sharpe_variance_daily\": {}, \"observations\": {}, "
      "\"skewness\": {}, \"kurtosis\": {}}}",
      json_number(d.probability), json_number(d.sharpe), json_number(d.benchmark), d.trials,
      json_number(d.trial_variance), d.observations, json_number(d.skewness),
      json_number(d.kurtosis));
}

std::string settings_json(const SweepInfo& info, const ParamSpace& space) {
  std::string s = fmt::format(
      "  \"bot\": {},\n  \"symbol\": {},\n  \"data\": {},\n  \"metric\": {},\n  \"search\": {},\n"
      "  \"seed\": {},\n  \"combinations\": {},\n  \"grid\": {{",
      json_string(info.bot), json_string(info.symbol), json_string(info.data_file),
      json_string(metric_name(info.metric)), json_string(info.random_runs > 0 ? "random" : "grid"),
      info.seed, space.size());
  for (std::size_t a = 0; a < space.axes().size(); ++a) {
    const ParamAxis& axis = space.axes()[a];
    s += fmt::format("{}{}: [", a == 0 ? "" : ", ", json_string(axis.name));
    for (std::size_t v = 0; v < axis.values.size(); ++v) {
      s += fmt::format("{}{}", v == 0 ? "" : ", ", json_string(axis.values[v]));
    }
    s += "]";
  }
  return s + "},\n";
}

}  // namespace

Status write_sweep_results(const std::filesystem::path& dir, const SweepInfo& info,
                           const ParamSpace& space, RunTable& table, const SweepOutcome& outcome,
                           const std::optional<analytics::DeflatedSharpe>& best) {
  OMEGA_TRY(make_dir(dir));
  Status csv =
      data::write_file_atomic(dir / "results.csv", [&](const data::ChunkSink& sink) -> Status {
        std::string header = "rank,run";
        for (const ParamAxis& axis : space.axes()) header += "," + axis.name;
        for (std::size_t i = 0; i < kRunMetricCount; ++i) {
          header += fmt::format(",{}", metric_name(static_cast<RunMetric>(i)));
        }
        OMEGA_TRY(sink(header + "\n"));
        std::string line;
        return table.for_each_sorted([&](std::uint64_t rank, const RunRow& row) -> Status {
          line = fmt::format("{},{}", rank, row.run);
          for (std::size_t a = 0; a < space.axes().size(); ++a) {
            line += "," + csv_field(space.value(row.combination, a));
          }
          for (double v : row.values) line += "," + number(v);
          line += "\n";
          return sink(line);
        });
      });
  if (!csv.ok()) return csv;
  return data::write_file_atomic(dir / "results.json", [&](const data::ChunkSink& sink) -> Status {
    std::string head = "{\n" + settings_json(info, space);
    head += fmt::format(
        "  \"runs\": {},\n  \"rejected\": {},\n  \"first_rejection\": {},\n", outcome.runs,
        outcome.rejected,
        outcome.first_rejection.empty() ? "null" : json_string(outcome.first_rejection));
    if (table.best() && best) {
      head += fmt::format(
          "  \"best\": {{\"run\": {}, \"parameters\": {}, \"deflated_sharpe\": {}}},\n",
          table.best()->run, params_json(space, table.best()->combination), deflated_json(*best));
    } else {
      head += "  \"best\": null,\n";
    }
    head += "  \"rows\": [";
    OMEGA_TRY(sink(head));
    OMEGA_TRY(table.for_each_sorted([&](std::uint64_t rank, const RunRow& row) -> Status {
      return sink(
          fmt::format("{}\n    {{\"rank\": {}, \"run\": {}, \"parameters\": {}, "
                      "\"metrics\": {}}}",
                      rank == 1 ? "" : ",", rank, row.run, params_json(space, row.combination),
                      metrics_json(row)));
    }));
    return sink("\n  ]\n}\n");
  });
}

Status write_walk_forward(const std::filesystem::path& dir, const SweepInfo& info,
                          const WindowSpec& spec, const ParamSpace& space,
                          const WalkForwardReport& report) {
  OMEGA_TRY(make_dir(dir));
  std::string csv =
      "window,train_start,train_end,test_start,test_end,partial,train_bars,test_bars,"
      "trials,rejected";
  for (const ParamAxis& axis : space.axes()) csv += "," + axis.name;
  csv += ",deflated_sharpe,expected_max_sharpe_daily";
  for (std::size_t i = 0; i < kRunMetricCount; ++i) {
    const auto name = metric_name(static_cast<RunMetric>(i));
    csv += fmt::format(",is_{},oos_{}", name, name);
  }
  csv += "\n";
  for (const WindowResult& w : report.windows) {
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{}", w.window.index,
                       format_iso8601(w.window.train_start), format_iso8601(w.window.train_end),
                       format_iso8601(w.window.test_start), format_iso8601(w.window.test_end),
                       w.window.partial ? "true" : "false", w.train_bars, w.test_bars, w.trials,
                       w.rejected);
    for (std::size_t a = 0; a < space.axes().size(); ++a) {
      csv += "," + csv_field(space.value(w.in_sample.combination, a));
    }
    csv += fmt::format(",{},{}", number(w.deflated.probability), number(w.deflated.benchmark));
    for (std::size_t i = 0; i < kRunMetricCount; ++i) {
      csv +=
          fmt::format(",{},{}", number(w.in_sample.values[i]), number(w.out_of_sample.values[i]));
    }
    csv += "\n";
  }
  OMEGA_TRY(data::write_file_atomic(dir / "windows.csv", csv));

  std::string eq = "time,equity,in_position\n";
  for (const EquityPoint& p : report.oos_equity) {
    eq += fmt::format("{},{},{}\n", format_iso8601(p.ts), p.equity.to_string_trimmed(),
                      p.in_position ? 1 : 0);
  }
  OMEGA_TRY(data::write_file_atomic(dir / "oos_equity.csv", eq));

  const auto metric_index = static_cast<std::size_t>(info.metric);
  const auto sharpe_index = static_cast<std::size_t>(RunMetric::kSharpe);
  double is_metric = 0.0;
  double oos_metric = 0.0;
  double is_sharpe = 0.0;
  double oos_sharpe = 0.0;
  std::size_t metric_n = 0;
  std::size_t sharpe_n = 0;
  for (const WindowResult& w : report.windows) {
    if (!std::isnan(w.in_sample.values[metric_index]) &&
        !std::isnan(w.out_of_sample.values[metric_index])) {
      is_metric += w.in_sample.values[metric_index];
      oos_metric += w.out_of_sample.values[metric_index];
      ++metric_n;
    }
    if (!std::isnan(w.in_sample.values[sharpe_index]) &&
        !std::isnan(w.out_of_sample.values[sharpe_index])) {
      is_sharpe += w.in_sample.values[sharpe_index];
      oos_sharpe += w.out_of_sample.values[sharpe_index];
      ++sharpe_n;
    }
  }
  const auto mean = [](double sum, std::size_t n) {
    return n == 0 ? std::nan("") : sum / static_cast<double>(n);
  };
  std::string js = "{\n" + settings_json(info, space);
  js += fmt::format(
      "  \"windows_spec\": {{\"train\": {}, \"test\": {}, \"step\": {}, \"anchored\": {}, "
      "\"keep_partial\": {}}},\n",
      json_string(format_duration(spec.train)), json_string(format_duration(spec.test)),
      json_string(format_duration(spec.step.count() == 0 ? spec.test : spec.step)),
      spec.anchored ? "true" : "false", spec.keep_partial ? "true" : "false");
  js += "  \"windows\": [";
  for (std::size_t k = 0; k < report.windows.size(); ++k) {
    const WindowResult& w = report.windows[k];
    js += fmt::format(
        "{}\n    {{\"window\": {}, \"train_start\": {}, \"train_end\": {}, \"test_start\": {}, "
        "\"test_end\": {}, \"partial\": {}, \"train_bars\": {}, \"test_bars\": {}, "
        "\"trials\": {}, \"rejected\": {}, \"parameters\": {}, \"deflated_sharpe\": {}, "
        "\"in_sample\": {}, \"out_of_sample\": {}}}",
        k == 0 ? "" : ",", w.window.index, json_string(format_iso8601(w.window.train_start)),
        json_string(format_iso8601(w.window.train_end)),
        json_string(format_iso8601(w.window.test_start)),
        json_string(format_iso8601(w.window.test_end)), w.window.partial ? "true" : "false",
        w.train_bars, w.test_bars, w.trials, w.rejected,
        params_json(space, w.in_sample.combination), deflated_json(w.deflated),
        metrics_json(w.in_sample), metrics_json(w.out_of_sample));
  }
  const BacktestMetrics& m = report.oos_metrics;
  const RunRow stitched = summarize(0, 0, m);
  js += "\n  ],\n  \"aggregate\": {";
  if (info.metric != RunMetric::kSharpe) {
    js += fmt::format("\"mean_in_sample_{}\": {}, \"mean_out_of_sample_{}\": {}, ",
                      metric_name(info.metric), json_number(mean(is_metric, metric_n)),
                      metric_name(info.metric), json_number(mean(oos_metric, metric_n)));
  }
  js += fmt::format(
      "\"mean_in_sample_sharpe\": {}, \"mean_out_of_sample_sharpe\": {}, "
      "\"stitched_out_of_sample\": {}, \"stitched_days\": {}, "
      "\"stitched_probabilistic_sharpe\": {}}}\n}}\n",
      json_number(mean(is_sharpe, sharpe_n)), json_number(mean(oos_sharpe, sharpe_n)),
      metrics_json(stitched), report.oos_days, json_number(report.oos_probabilistic_sharpe));
  return data::write_file_atomic(dir / "walkforward.json", js);
}

}  // namespace omega::backtest
