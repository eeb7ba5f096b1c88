// Provides read_candles: loads OHLCV files (project CSV, Binance klines, freqtrade JSON, any CSV
// through a column mapping, and .gz of each) into a CandleSeries, detecting the format.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::data {

// A candle file layout.
enum class CandleFormat : std::uint8_t {
  kAuto,           // detect from the content (see read_candles)
  kOmegaCsv,       // header open_time,open,high,low,close,volume; ms
  kBinanceKline,   // Binance kline CSV: 12 columns, optional header, ms or µs
  kFreqtradeJson,  // JSON array of [ms, open, high, low, close, volume]
  kMappedCsv,      // any CSV with a header, columns picked by name (ColumnMapping)
};

// Returns "auto", "csv", "binance", "freqtrade" or "mapped".
std::string_view to_string(CandleFormat format);
// Parses one of the names to_string returns.
Result<CandleFormat> parse_candle_format(std::string_view text);

// How integer timestamps are scaled. kAuto decides per value by magnitude: below 1e11 seconds,
// below 1e14 ms, below 1e17 µs, else ns; a value with a fraction is seconds; a value with a
// date ("2024-08-08 12:00:00") is ISO-8601 UTC.
enum class TimeUnit : std::uint8_t { kAuto, kSeconds, kMillis, kMicros, kNanos };

// Parses "auto", "s", "ms", "us" or "ns".
Result<TimeUnit> parse_time_unit(std::string_view text);

// Header names (case-insensitive) of the columns to read for kMappedCsv; an empty name means
// "guess": time from open_time|unix|unix_timestamp|timestamp|time|date, prices from their names,
// volume from the first column whose name starts with "volume".
struct ColumnMapping {
  std::string time;
  std::string open;
  std::string high;
  std::string low;
  std::string close;
  std::string volume;
};

// Parses "time=unix,volume=Volume BTC" into a mapping; keys are time/open/high/low/close/volume.
Result<ColumnMapping> parse_column_mapping(std::string_view text);

// Options for read_candles.
struct ReadOptions {
  CandleFormat format = CandleFormat::kAuto;
  TimeUnit time_unit = TimeUnit::kAuto;
  // Fraction digits of prices / volume; empty infers them from the data: the most significant
  // fraction digits seen (trailing zeros do not count), capped at 18 and lowered further when the
  // largest value would not fit in int64 (values with more digits are then rounded half away
  // from zero and counted in ReadInfo::rounded_values).
  std::optional<int> price_precision;
  std::optional<int> volume_precision;
  ColumnMapping columns;
};

// What a read saw besides the candles.
struct ReadInfo {
  CandleFormat format = CandleFormat::kAuto;  // the format actually used
  bool had_header = false;
  std::size_t bytes = 0;           // decompressed bytes parsed
  std::size_t rounded_values = 0;  // values rounded to fit the precision
  // 1-based source line of each row (JSON: line of the element), for reports.
  std::vector<std::int64_t> source_lines;
};

// A series and what was learned while reading it.
struct ReadResult {
  CandleSeries series;
  ReadInfo info;
};

// Reads a candle file. Rows keep file order (nothing is sorted, dropped or checked beyond
// syntax; see validate_candles). Fails on the first malformed row with
// "FILE:LINE:COL: problem"; an empty file, a header without rows and an unknown layout fail.
Result<ReadResult> read_candles(const std::filesystem::path& path, const ReadOptions& options = {});

// Parses candles from memory (already decompressed); `source_name` names it in errors.
Result<ReadResult> parse_candles(std::string_view content, std::string_view source_name,
                                 const ReadOptions& options = {});

}  // namespace omega::data
