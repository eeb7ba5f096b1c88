#include "data/candle_reader.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "data/csv_candle_parser.hpp"
#include "data/file_content.hpp"
#include "data/freqtrade_json.hpp"

namespace omega::data {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view to_string(CandleFormat format) {
  switch (format) {
    case CandleFormat::kAuto:
      return "auto";
    case CandleFormat::kOmegaCsv:
      return "csv";
    case CandleFormat::kBinanceKline:
      return "binance";
    case CandleFormat::kFreqtradeJson:
      return "freqtrade";
    case CandleFormat::kMappedCsv:
      return "mapped";
  }
  return "unknown";
}

Result<CandleFormat> parse_candle_format(std::string_view text) {
  for (const auto f : {CandleFormat::kAuto, CandleFormat::kOmegaCsv, CandleFormat::kBinanceKline,
                       CandleFormat::kFreqtradeJson, CandleFormat::kMappedCsv}) {
    if (to_string(f) == text) return f;
  }
  return Error(ErrorCode::kParse,
               fmt::format("unknown input format '{}' (expected auto, csv, binance, freqtrade or "
                           "mapped)",
                           text));
}

Result<TimeUnit> parse_time_unit(std::string_view text) {
  if (text == "auto") return TimeUnit::kAuto;
  if (text == "s") return TimeUnit::kSeconds;
  if (text == "ms") return TimeUnit::kMillis;
  if (text == "us") return TimeUnit::kMicros;
  if (text == "ns") return TimeUnit::kNanos;
  return Error(ErrorCode::kParse,
               fmt::format("unknown time unit '{}' (expected auto, s, ms, us or ns)", text));
}

Result<ColumnMapping> parse_column_mapping(std::string_view text) {
  ColumnMapping m;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Error(ErrorCode::kParse,
                   fmt::format("column mapping item '{}' is not KEY=NAME", item));
    }
    const std::string key = lower(trim(item.substr(0, eq)));
    const std::string name(trim(item.substr(eq + 1)));
    if (key == "time")
      m.time = name;
    else if (key == "open")
      m.open = name;
    else if (key == "high")
      m.high = name;
    else if (key == "low")
      m.low = name;
    else if (key == "close")
      m.close = name;
    else if (key == "volume")
      m.volume = name;
    else {
      return Error(ErrorCode::kParse,
                   fmt::format("unknown column mapping key '{}' (expected time, open, high, low, "
                               "close or volume)",
                               key));
    }
  }
  return m;
}

Result<ReadResult> parse_candles(std::string_view content, std::string_view source_name,
                                 const ReadOptions& options) {
  const std::string_view body = trim(content);
  if (body.empty()) {
    return Error(ErrorCode::kParse, fmt::format("{}: empty file", source_name));
  }
  const bool json = body.front() == '[';
  if (options.format == CandleFormat::kFreqtradeJson ||
      (options.format == CandleFormat::kAuto && json)) {
    return parse_freqtrade_json(content, source_name, options);
  }
  OMEGA_ASSIGN_OR_RETURN(const CsvLayout layout, detect_csv_layout(content, source_name, options));
  return parse_csv_candles(content, source_name, layout, options);
}

Result<ReadResult> read_candles(const std::filesystem::path& path, const ReadOptions& options) {
  OMEGA_ASSIGN_OR_RETURN(const FileContent content, FileContent::open(path));
  return parse_candles(content.view(), path.string(), options);
}

}  // namespace omega::data
