// Provides the true range: the bar's range extended to the previous close.
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of TRANGE: 1 (the first bar has no previous close).
constexpr int true_range_lookback() {
  return 1;
}

// Returns max(high - low, |prev_close - high|, |low - prev_close|) in TA-Lib's order.
inline double true_range(double high, double low, double prev_close) {
  double greatest = high - low;
  const double to_high = std::fabs(prev_close - high);
  if (to_high > greatest) greatest = to_high;
  const double to_low = std::fabs(low - prev_close);
  if (to_low > greatest) greatest = to_low;
  return greatest;
}

// Computes the true range of every bar into `out`; out[0] is NaN.
void true_range(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::span<double> out);

// Updates the true range one bar at a time in O(1).
class TrueRange {
 public:
  // Adds a bar and returns its true range, NaN for the first bar.
  double update(double high, double low, double close) {
    const double prev = prev_close_;
    prev_close_ = close;
    if (!has_prev_) {
      has_prev_ = true;
      return kNaN;
    }
    return true_range(high, low, prev);
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return 1; }
  // Forgets every bar seen.
  void reset() { has_prev_ = false; }

 private:
  bool has_prev_ = false;
  double prev_close_ = 0.0;
};

}  // namespace omega::indicators
