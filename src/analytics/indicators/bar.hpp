// Provides Bar and BarColumns: the OHLCV inputs indicators read, independent of any series type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

// Lengths. Every output has one value per input bar and is NaN before its lookback, so a series
// no longer than the lookback gives all NaN and an empty one gives empty outputs.
//
// NaN policy. Typed kernels (sma(), Sma, ...) expect NaN-free input: after a NaN their outputs
// are unspecified (some poison, some skip it), though they never crash or touch memory out of
// bounds. The registry's Indicator gives the one guarantee bots rely on: a NaN in a field the
// indicator reads makes that bar's outputs and all later ones NaN (until reset()).

namespace omega::indicators {

// Marks an undefined output (before the lookback, or after a NaN input).
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Holds one bar as doubles: analytics trades exactness for speed, unlike the order path.
struct Bar {
  std::int64_t ts_ns = 0;  // open time, UTC nanoseconds since the epoch
  double open = 0.0;
  double high = 0.0;
  double low = 0.0;
  double close = 0.0;
  double volume = 0.0;
};

// Views a series as parallel columns; an indicator reads only the columns it needs, so unused
// columns may be left empty.
struct BarColumns {
  std::span<const std::int64_t> ts_ns;
  std::span<const double> open;
  std::span<const double> high;
  std::span<const double> low;
  std::span<const double> close;
  std::span<const double> volume;

  // Returns the number of bars: the length of the longest column.
  std::size_t size() const;
  // Returns bar `i`; an empty column reads as NaN (0 for the timestamp).
  Bar at(std::size_t i) const {
    return Bar{.ts_ns = ts_ns.empty() ? 0 : ts_ns[i],
               .open = open.empty() ? kNaN : open[i],
               .high = high.empty() ? kNaN : high[i],
               .low = low.empty() ? kNaN : low[i],
               .close = close.empty() ? kNaN : close[i],
               .volume = volume.empty() ? kNaN : volume[i]};
  }
  // Returns the first `n` bars of every non-empty column.
  BarColumns first(std::size_t n) const;
};

}  // namespace omega::indicators
