// Provides write_candles: the project CSV and JSON writers, optionally gzipped, written
// atomically.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::data {

// An output layout.
enum class OutputFormat : std::uint8_t {
  kCsv,   // open_time,open,high,low,close,volume with ms times (the project CSV)
  kJson,  // freqtrade layout [[ms, open, high, low, close, volume], ...] with exact numbers
};

// How to write a series.
struct WriteOptions {
  OutputFormat format = OutputFormat::kCsv;
  bool gzip = false;
};

// Chooses options from a file name: .csv, .json, and either with .gz appended (a bare .gz means
// CSV). Fails for other extensions.
Result<WriteOptions> write_options_for_path(const std::filesystem::path& path);

// Formats as the project CSV. Prices and volume are written with trailing fraction zeros
// trimmed; times in whole ms (sub-ms parts are truncated toward negative infinity).
std::string format_candles_csv(const CandleSeries& series);

// Formats as freqtrade JSON, one row per line, numbers as exact decimals.
std::string format_candles_json(const CandleSeries& series);

// Writes the series atomically (see write_file_atomic).
Status write_candles(const std::filesystem::path& path, const CandleSeries& series,
                     const WriteOptions& options);

}  // namespace omega::data
