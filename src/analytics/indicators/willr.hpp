// Provides Williams %R: where the close sits in the recent high-low range, from -100 to 0.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/rolling_extreme.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of WILLR(period): period - 1.
constexpr int willr_lookback(int period) {
  return period - 1;
}

// Computes WILLR(period) as TA-Lib does: -100 * (highest - close) / (highest - lowest) over the
// last `period` bars, 0 when the range is 0. Expects NaN-free input (see bar.hpp).
void willr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int period, std::span<double> out);

// Updates WILLR(period) one bar at a time in amortised O(1) and constant memory.
class Willr {
 public:
  explicit Willr(int period)
      : highest_(static_cast<std::size_t>(period)),
        lowest_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)) {}

  // Adds a bar and returns %R, NaN before the lookback.
  double update(double high, double low, double close) {
    const double highest = highest_.push(high);
    const double lowest = lowest_.push(low);
    if (seen_ + 1 < period_) {
      ++seen_;
      return kNaN;
    }
    const double range = (highest - lowest) / -100.0;
    return range != 0.0 ? (highest - close) / range : 0.0;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every bar seen.
  void reset() {
    highest_.reset();
    lowest_.reset();
    seen_ = 0;
  }

 private:
  RollingMax highest_;
  RollingMin lowest_;
  std::size_t period_;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
