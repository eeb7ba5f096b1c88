#include "app/data_commands.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli_context.hpp"
#include "core/timeframe.hpp"
#include "data/candle_reader.hpp"
#include "data/candle_validator.hpp"
#include "data/candle_writer.hpp"
#include "data/outage_list.hpp"
#include "data/resampler.hpp"
#include "model/decimal.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;
using data::CandleSeries;

// Reader options as typed on the command line.
struct InputFlags {
  std::string format = "auto";
  std::string columns;
  std::string time_unit = "auto";
  std::optional<int> price_precision;
  std::optional<int> volume_precision;
};

void add_input_flags(CLI::App* cmd, InputFlags& in) {
  cmd->add_option("--input-format", in.format,
                  "Input layout: auto, csv, binance, freqtrade or mapped")
      ->check(CLI::IsMember({"auto", "csv", "binance", "freqtrade", "mapped"}))
      ->capture_default_str();
  cmd->add_option("--columns", in.columns,
                  "Column mapping for CSVs with other headers, e.g. 'time=unix,volume=Volume BTC'");
  cmd->add_option("--time-unit", in.time_unit,
                  "Epoch unit of the time column: auto (by magnitude), s, ms, us or ns")
      ->check(CLI::IsMember({"auto", "s", "ms", "us", "ns"}))
      ->capture_default_str();
  cmd->add_option("--price-precision", in.price_precision,
                  "Price fraction digits (default: inferred from the data)")
      ->check(CLI::Range(0, 18));
  cmd->add_option("--volume-precision", in.volume_precision,
                  "Volume fraction digits (default: inferred from the data)")
      ->check(CLI::Range(0, 18));
}

// Prints a failure on stderr and sets the exit code.
void fail(CliContext& ctx, const Error& e) {
  fmt::print(stderr, "omega: error: {}\n", e.to_string());
  ctx.exit_code = kExitFailure;
}

void fail_usage(CliContext& ctx, const std::string& message) {
  fmt::print(stderr, "omega: usage error: {}\n", message);
  ctx.exit_code = kExitUsage;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Result<data::ReadResult> read_input(const std::string& path, const InputFlags& in) {
  data::ReadOptions options;
  OMEGA_ASSIGN_OR_RETURN(options.format, data::parse_candle_format(in.format));
  OMEGA_ASSIGN_OR_RETURN(options.time_unit, data::parse_time_unit(in.time_unit));
  if (!in.columns.empty()) {
    OMEGA_ASSIGN_OR_RETURN(options.columns, data::parse_column_mapping(in.columns));
    if (options.format == data::CandleFormat::kAuto)
      options.format = data::CandleFormat::kMappedCsv;
  }
  options.price_precision = in.price_precision;
  options.volume_precision = in.volume_precision;
  const auto start = std::chrono::steady_clock::now();
  auto r = data::read_candles(path, options);
  if (r.ok()) {
    const double s = seconds_since(start);
    fmt::print(stderr, "read {} rows ({} bytes, {}) from {} in {:.3f} s\n", r->series.size(),
               r->info.bytes, data::to_string(r->info.format), path, s);
    if (r->info.rounded_values > 0) {
      fmt::print(stderr,
                 "warning: {} values had more digits than fit and were rounded (price precision "
                 "{}, volume precision {})\n",
                 r->info.rounded_values, r->series.price_precision(), r->series.volume_precision());
    }
  }
  return r;
}

// Finds the known-outage list: --outages, else $OMEGA_DATA_DIR, else the source tree's data/.
std::optional<data::OutageList> load_outages(const std::string& flag) {
  fs::path path;
  if (!flag.empty()) {
    path = flag;
  } else if (const char* env = std::getenv("OMEGA_DATA_DIR"); env != nullptr && *env != '\0') {
    path = fs::path(env) / "outages" / "binance_spot.csv";
  } else {
    path = fs::path(OMEGA_DATA_DIR) / "outages" / "binance_spot.csv";
  }
  auto list = data::OutageList::load(path);
  if (!list.ok()) {
    fmt::print(stderr, "warning: no known-outage list ({}); every gap counts as a hole\n",
               list.error().to_string());
    return std::nullopt;
  }
  return std::move(*list);
}

std::string price_text(const CandleSeries& s, std::int64_t raw) {
  return format_decimal_trimmed(raw, s.price_precision());
}

std::string same_file_error(const std::string& in, const std::string& out) {
  std::error_code ec1;
  std::error_code ec2;
  const fs::path a = fs::weakly_canonical(in, ec1);
  const fs::path b = fs::weakly_canonical(out, ec2);
  if (!ec1 && !ec2 && a == b) {
    return fmt::format("output {} is the input file; the input is never modified", out);
  }
  return {};
}

Status write_output(const std::string& path, const CandleSeries& series) {
  OMEGA_ASSIGN_OR_RETURN(const data::WriteOptions options, data::write_options_for_path(path));
  OMEGA_TRY(data::write_candles(path, series, options));
  fmt::print(stderr, "wrote {} rows to {}\n", series.size(), path);
  return ok_status();
}

// `omega data info FILE`
void add_info(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    std::string file;
    InputFlags in;
    std::string outages;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "info", "Summarise a candle file: rows, range, timeframe, precision, prices, gaps");
  cmd->add_option("FILE", flags->file, "Candle file (.csv, .json, .gz of either)")->required();
  add_input_flags(cmd, flags->in);
  cmd->add_option("--outages", flags->outages, "Known-outage list (CSV start,end,note)");
  cmd->callback([flags, &ctx] {
    auto r = read_input(flags->file, flags->in);
    if (!r.ok()) return fail(ctx, r.error());
    const CandleSeries& s = r->series;
    const auto outages = load_outages(flags->outages);
    data::ValidateOptions vopt;
    vopt.outages = outages ? &*outages : nullptr;
    const data::ValidationReport rep =
        data::validate_candles(s, r->info.source_lines, flags->file, vopt);
    std::int64_t lo = s.low_raw()[0];
    std::int64_t hi = s.high_raw()[0];
    std::int64_t first = s.open_time_ns()[0];
    std::int64_t last = first;
    for (std::size_t i = 0; i < s.size(); ++i) {
      lo = std::min(lo, s.low_raw()[i]);
      hi = std::max(hi, s.high_raw()[i]);
      first = std::min(first, s.open_time_ns()[i]);
      last = std::max(last, s.open_time_ns()[i]);
    }
    std::size_t known = 0;
    std::int64_t known_bars = 0;
    std::int64_t hole_bars = 0;
    for (const auto& g : rep.gaps) {
      known += g.known_outage ? 1 : 0;
      (g.known_outage ? known_bars : hole_bars) += g.missing_bars;
    }
    Document doc;
    doc.fields("info").fields = {
        {"file", str(flags->file)},
        {"format", str(std::string(data::to_string(r->info.format)))},
        {"rows", num(static_cast<long long>(s.size()))},
        {"first", str(format_iso8601(Timestamp(first)))},
        {"last", str(format_iso8601(Timestamp(last)))},
        {"timeframe", str(rep.timeframe ? rep.timeframe->to_string() : "unknown")},
        {"order", str(rep.count(data::IssueKind::kDescendingOrder) ? "descending"
                      : rep.count(data::IssueKind::kUnsorted)      ? "unsorted"
                                                                   : "ascending")},
        {"duplicate_times", num(static_cast<long long>(rep.duplicate_times))},
        {"price_precision", num(s.price_precision())},
        {"volume_precision", num(s.volume_precision())},
        {"rounded_values", num(static_cast<long long>(r->info.rounded_values))},
        {"price_low", num_text(price_text(s, lo))},
        {"price_high", num_text(price_text(s, hi))},
        {"gaps", num(static_cast<long long>(rep.gaps.size()))},
        {"missing_bars", num(rep.missing_bars)},
        {"known_outage_gaps", num(static_cast<long long>(known))},
        {"known_outage_bars", num(known_bars)},
        {"hole_gaps", num(static_cast<long long>(rep.gaps.size() - known))},
        {"hole_bars", num(hole_bars)},
    };
    print_document(stdout, doc, ctx.style());
  });
}

// `omega data validate FILE [--fix OUT]`
void add_validate(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    std::string file;
    InputFlags in;
    std::string fix;
    std::string outages;
    std::string timeframe;
    std::size_t max_issues = 50;
    double spike_ratio = 1.5;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "validate",
      "Check order, duplicates, gaps (known outage or hole), OHLC sanity, alignment and spikes; "
      "exits 1 when errors are found");
  cmd->add_option("FILE", flags->file, "Candle file (.csv, .json, .gz of either)")->required();
  add_input_flags(cmd, flags->in);
  cmd->add_option("--fix", flags->fix,
                  "Write a cleaned copy here (sorted; duplicates: highest volume kept; invalid "
                  "rows dropped). The input is never modified");
  cmd->add_option("--outages", flags->outages, "Known-outage list (CSV start,end,note)");
  cmd->add_option("--timeframe", flags->timeframe, "Bar length (default: detected)");
  cmd->add_option("--spike-ratio", flags->spike_ratio,
                  "Flag bars whose high/low exceed their 3 neighbours' range by this factor "
                  "(0 disables)")
      ->check(CLI::Range(0.0, 1000.0))
      ->capture_default_str();
  cmd->add_option("--max-issues", flags->max_issues, "Issues listed (counts cover all)")
      ->capture_default_str();
  cmd->callback([flags, &ctx] {
    if (!flags->fix.empty()) {
      if (const std::string err = same_file_error(flags->file, flags->fix); !err.empty()) {
        return fail_usage(ctx, err);
      }
    }
    data::ValidateOptions vopt;
    vopt.spike_ratio = flags->spike_ratio;
    if (!flags->timeframe.empty()) {
      auto tf = Timeframe::parse(flags->timeframe);
      if (!tf.ok()) return fail_usage(ctx, tf.error().message());
      vopt.timeframe = *tf;
    }
    auto r = read_input(flags->file, flags->in);
    if (!r.ok()) return fail(ctx, r.error());
    const auto outages = load_outages(flags->outages);
    vopt.outages = outages ? &*outages : nullptr;
    const data::ValidationReport rep =
        data::validate_candles(r->series, r->info.source_lines, flags->file, vopt);
    Document doc;
    auto& summary = doc.fields("summary");
    summary.fields = {
        {"file", str(flags->file)},
        {"rows", num(static_cast<long long>(rep.rows))},
        {"timeframe", str(rep.timeframe ? rep.timeframe->to_string() : "unknown")},
        {"result", str(rep.ok() ? "ok" : "errors found")},
        {"errors", num(static_cast<long long>(rep.count(data::Severity::kError)))},
        {"warnings", num(static_cast<long long>(rep.count(data::Severity::kWarning)))},
        {"infos", num(static_cast<long long>(rep.count(data::Severity::kInfo)))},
        {"distinct_times", num(static_cast<long long>(rep.unique_times))},
        {"duplicate_times", num(static_cast<long long>(rep.duplicate_times))},
        {"duplicate_rows", num(static_cast<long long>(rep.duplicate_rows))},
        {"price_disagreements", num(static_cast<long long>(rep.price_disagreements))},
        {"volume_disagreements", num(static_cast<long long>(rep.volume_disagreements))},
        {"gaps", num(static_cast<long long>(rep.gaps.size()))},
        {"missing_bars", num(rep.missing_bars)},
    };
    auto& counts = doc.table("counts", {"kind", "severity", "count"});
    for (int k = 0; k <= static_cast<int>(data::IssueKind::kSpike); ++k) {
      const auto kind = static_cast<data::IssueKind>(k);
      const std::size_t n = rep.count(kind);
      if (n == 0) continue;
      const auto it = std::find_if(rep.issues.begin(), rep.issues.end(),
                                   [&](const data::Issue& i) { return i.kind == kind; });
      counts.rows.push_back({str(std::string(data::to_string(kind))),
                             str(std::string(data::to_string(it->severity))),
                             num(static_cast<long long>(n))});
    }
    // Errors first, then warnings and infos, so a short listing shows what matters.
    auto& issues = doc.table("issues", {"severity", "kind", "location", "time", "message"});
    for (const auto sev :
         {data::Severity::kError, data::Severity::kWarning, data::Severity::kInfo}) {
      for (const data::Issue& i : rep.issues) {
        if (i.severity != sev || issues.rows.size() >= flags->max_issues) continue;
        issues.rows.push_back(
            {str(std::string(data::to_string(i.severity))),
             str(std::string(data::to_string(i.kind))),
             str(i.line > 0 ? fmt::format("{}:{}", flags->file, i.line) : flags->file),
             str(i.line > 0 ? format_iso8601(i.time) : ""), str(i.message)});
      }
    }
    if (!flags->fix.empty()) {
      const data::CleanResult clean = data::clean_candles(r->series, r->info.source_lines, vopt);
      if (const Status st = write_output(flags->fix, clean.series); !st.ok()) {
        print_document(stdout, doc, ctx.style());
        return fail(ctx, st.error());
      }
      doc.fields("fix").fields = {
          {"output", str(flags->fix)},
          {"rows", num(static_cast<long long>(clean.series.size()))},
          {"dropped_duplicates", num(static_cast<long long>(clean.dropped_duplicates))},
          {"dropped_invalid", num(static_cast<long long>(clean.dropped_invalid))},
          {"rule", str(std::string(data::kCleanRule))},
      };
    }
    print_document(stdout, doc, ctx.style());
    if (!rep.ok()) ctx.exit_code = kExitFailure;
  });
}

// `omega data resample FILE --to TF -o OUT`
void add_resample(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    std::string file;
    InputFlags in;
    std::string to;
    std::string from;
    std::string output;
    std::string partial = "drop";
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "resample", "Aggregate to a coarser timeframe with exchange-standard alignment");
  cmd->add_option("FILE", flags->file, "Candle file, ascending without duplicates")->required();
  add_input_flags(cmd, flags->in);
  cmd->add_option("--to", flags->to,
                  "Target timeframe: 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M")
      ->required();
  cmd->add_option("--from", flags->from, "Source timeframe (default: detected)");
  cmd->add_option("-o,--output", flags->output, "Output file (.csv, .json, .gz)")->required();
  cmd->add_option("--partial", flags->partial,
                  "Incomplete first/last buckets: drop (default) or keep")
      ->check(CLI::IsMember({"drop", "keep"}))
      ->capture_default_str();
  cmd->callback([flags, &ctx] {
    if (const std::string err = same_file_error(flags->file, flags->output); !err.empty()) {
      return fail_usage(ctx, err);
    }
    data::ResampleOptions options;
    auto to = Timeframe::parse(flags->to);
    if (!to.ok()) return fail_usage(ctx, to.error().message());
    options.to = *to;
    if (!flags->from.empty()) {
      auto from = Timeframe::parse(flags->from);
      if (!from.ok()) return fail_usage(ctx, from.error().message());
      options.from = *from;
    }
    options.edges = flags->partial == "keep" ? data::EdgePolicy::kKeep : data::EdgePolicy::kDrop;
    auto r = read_input(flags->file, flags->in);
    if (!r.ok()) return fail(ctx, r.error());
    auto out = data::resample_candles(r->series, options);
    if (!out.ok()) return fail(ctx, std::move(out).error().with_context(flags->file));
    if (const Status st = write_output(flags->output, out->series); !st.ok()) {
      return fail(ctx, st.error());
    }
    Document doc;
    doc.fields("resample").fields = {
        {"input", str(flags->file)},
        {"output", str(flags->output)},
        {"to", str(options.to.to_string())},
        {"rows_in", num(static_cast<long long>(r->series.size()))},
        {"rows_out", num(static_cast<long long>(out->series.size()))},
        {"dropped_edge_buckets", num(static_cast<long long>(out->dropped_edge_buckets))},
        {"incomplete_buckets", num(static_cast<long long>(out->incomplete_buckets))},
    };
    print_document(stdout, doc, ctx.style());
  });
}

// `omega data convert FILE -o OUT`
void add_convert(CLI::App& parent, CliContext& ctx) {
  struct Flags {
    std::string file;
    InputFlags in;
    std::string output;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = parent.add_subcommand(
      "convert", "Rewrite a candle file in the project CSV or JSON (by the output extension)");
  cmd->add_option("FILE", flags->file, "Candle file in any supported layout")->required();
  add_input_flags(cmd, flags->in);
  cmd->add_option("-o,--output", flags->output, "Output file: .csv, .json, .csv.gz or .json.gz")
      ->required();
  cmd->callback([flags, &ctx] {
    if (const std::string err = same_file_error(flags->file, flags->output); !err.empty()) {
      return fail_usage(ctx, err);
    }
    if (auto opts = data::write_options_for_path(flags->output); !opts.ok()) {
      return fail_usage(ctx, opts.error().message());
    }
    auto r = read_input(flags->file, flags->in);
    if (!r.ok()) return fail(ctx, r.error());
    if (const Status st = write_output(flags->output, r->series); !st.ok()) {
      return fail(ctx, st.error());
    }
    Document doc;
    doc.fields("convert").fields = {
        {"input", str(flags->file)},
        {"input_format", str(std::string(data::to_string(r->info.format)))},
        {"output", str(flags->output)},
        {"rows", num(static_cast<long long>(r->series.size()))},
    };
    print_document(stdout, doc, ctx.style());
  });
}

}  // namespace

void add_data_commands(CLI::App& app, CliContext& ctx) {
  CLI::App* data_cmd =
      app.add_subcommand("data", "Market data: inspect, validate, resample, convert");
  data_cmd->require_subcommand(1);
  add_info(*data_cmd, ctx);
  add_validate(*data_cmd, ctx);
  add_resample(*data_cmd, ctx);
  add_convert(*data_cmd, ctx);
}

}  // namespace omega::app
