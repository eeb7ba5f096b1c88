// Provides resample_candles: aggregation of a sorted series into a coarser timeframe with
// exchange-standard bar alignment.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "core/timeframe.hpp"
#include "data/candle_series.hpp"

namespace omega::data {

// What to do with the first and last buckets when the input does not cover them fully.
enum class EdgePolicy : std::uint8_t {
  kDrop,  // drop incomplete first/last buckets (default: they would misstate the bar)
  kKeep,  // keep them, flagged incomplete
};

// Options for resample_candles.
struct ResampleOptions {
  Timeframe to;
  // Source timeframe; detected when empty.
  std::optional<Timeframe> from;
  EdgePolicy edges = EdgePolicy::kDrop;
};

// The resampled series and how complete each bucket is.
struct ResampleResult {
  CandleSeries series;
  // 1 when the bucket holds every source bar it should, per output row.
  std::vector<std::uint8_t> complete;
  std::size_t dropped_edge_buckets = 0;
  // Interior buckets built from fewer source bars (gaps/outages in the source); kept, flagged.
  std::size_t incomplete_buckets = 0;
};

// Aggregates bars into buckets of `options.to` aligned with Timeframe::align_down (minutes,
// hours and days from the epoch, weeks from Monday, months from the 1st): open of the first bar,
// high max, low min, close of the last bar, volume summed exactly. The input must be strictly
// ascending (run clean_candles first) and `to` a whole multiple of the source timeframe.
Result<ResampleResult> resample_candles(const CandleSeries& series, const ResampleOptions& options);

}  // namespace omega::data
