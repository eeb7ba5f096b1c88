// Provides OBV: on-balance volume, the running sum of volume signed by the close's direction.
#pragma once

#include <span>

#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of OBV: 0.
constexpr int obv_lookback() {
  return 0;
}

// Computes OBV as TA-Lib does: starts at the first bar's volume, then adds the volume when the
// close rose, subtracts it when it fell, and keeps it when unchanged (zero volume: unchanged).
// Expects NaN-free input (see bar.hpp).
void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out);

// Updates OBV one bar at a time in O(1).
class Obv {
 public:
  // Adds a bar and returns the OBV.
  double update(double close, double volume) {
    if (!started_) {
      started_ = true;
      value_ = volume;
    } else {
      // A -1/0/+1 factor instead of branches: the direction is a coin flip on market data.
      // volume * +-1 and + 0 are exact, so this equals TA-Lib's add/subtract bit for bit.
      const double sign =
          static_cast<double>(close > prev_close_) - static_cast<double>(close < prev_close_);
      value_ += volume * sign;
    }
    prev_close_ = close;
    return value_;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return 0; }
  // Forgets every bar seen.
  void reset() { started_ = false; }

 private:
  bool started_ = false;
  double prev_close_ = 0.0;
  double value_ = 0.0;
};

}  // namespace omega::indicators
