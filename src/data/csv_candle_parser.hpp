// Provides the hand-written CSV candle parser behind read_candles (project CSV, Binance klines,
// mapped columns).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "data/candle_reader.hpp"

namespace omega::data {

// Where the six candle fields sit in a CSV file and how many columns each row has.
struct CsvLayout {
  CandleFormat format = CandleFormat::kOmegaCsv;
  bool has_header = false;
  int columns = 6;
  // Indices of time, open, high, low, close, volume.
  std::array<int, 6> index = {0, 1, 2, 3, 4, 5};
  // Column names for error messages (header names, or canonical ones).
  std::vector<std::string> names;
};

// Decides the layout from the first line and the options; fails naming the file when the
// header lacks a needed column or the layout is unknown.
Result<CsvLayout> detect_csv_layout(std::string_view content, std::string_view source_name,
                                    const ReadOptions& options);

// Parses every data row with `layout`.
Result<ReadResult> parse_csv_candles(std::string_view content, std::string_view source_name,
                                     const CsvLayout& layout, const ReadOptions& options);

}  // namespace omega::data
