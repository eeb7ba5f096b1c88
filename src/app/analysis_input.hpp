// Provides load_analysis_input: a candle file read for the analytics commands, with its OHLC
// columns as doubles (exact decimal values rounded once) and its tick size.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::app {

// A candle file ready for analysis.
struct AnalysisInput {
  data::CandleSeries series;
  std::vector<double> open, high, low, close;
  double tick_size = 0.0;  // 10^-price_precision
};

// Reads `path` (any layout read_candles detects), reports the read on stderr, and fails when the
// rows are not strictly ascending in time (analytics assume a time series).
Result<AnalysisInput> load_analysis_input(const std::string& path);

// Returns the open time of bar `i` as ISO-8601, or the time projected past the last bar at the
// spacing of the last two bars (for forecasts such as time zones).
std::string bar_time(const data::CandleSeries& series, std::size_t i);

}  // namespace omega::app
