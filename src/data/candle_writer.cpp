#include "data/candle_writer.hpp"

#include <fmt/format.h>

#include "data/atomic_file.hpp"
#include "data/file_content.hpp"
#include "model/decimal.hpp"

namespace omega::data {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Appends one row's fields separated by commas.
void append_row(std::string& out, const CandleSeries& s, std::size_t i) {
  fmt::format_to(std::back_inserter(out), "{}", s.open_time(i).ms());
  for (const auto column : {Column::kOpen, Column::kHigh, Column::kLow, Column::kClose}) {
    out.push_back(',');
    out += format_decimal_trimmed(s.raw(column)[i], s.price_precision());
  }
  out.push_back(',');
  out += format_decimal_trimmed(s.volume_raw()[i], s.volume_precision());
}

}  // namespace

Result<WriteOptions> write_options_for_path(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  WriteOptions options;
  if (ends_with(name, ".gz")) {
    options.gzip = true;
    name.resize(name.size() - 3);
  }
  if (ends_with(name, ".json")) {
    options.format = OutputFormat::kJson;
  } else if (ends_with(name, ".csv") || options.gzip) {
    options.format = OutputFormat::kCsv;
  } else {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{}: cannot choose an output format from the extension (use .csv, "
                             ".json, .csv.gz or .json.gz)",
                             path.string()));
  }
  return options;
}

std::string format_candles_csv(const CandleSeries& series) {
  std::string out = "open_time,open,high,low,close,volume\n";
  out.reserve(series.size() * 64 + out.size());
  for (std::size_t i = 0; i < series.size(); ++i) {
    append_row(out, series, i);
    out.push_back('\n');
  }
  return out;
}

std::string format_candles_json(const CandleSeries& series) {
  std::string out = "[";
  out.reserve(series.size() * 68 + 4);
  for (std::size_t i = 0; i < series.size(); ++i) {
    out += i == 0 ? "\n[" : ",\n[";
    append_row(out, series, i);
    out.push_back(']');
  }
  out += "\n]\n";
  return out;
}

Status write_candles(const std::filesystem::path& path, const CandleSeries& series,
                     const WriteOptions& options) {
  std::string text = options.format == OutputFormat::kJson ? format_candles_json(series)
                                                           : format_candles_csv(series);
  if (options.gzip) {
    OMEGA_ASSIGN_OR_RETURN(text, gzip_compress(text));
  }
  return write_file_atomic(path, text);
}

}  // namespace omega::data
