// Provides SMA: the simple moving average, batch and streaming.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of SMA(period): period - 1.
constexpr int sma_lookback(int period) {
  return period - 1;
}

// Computes SMA(period) of `in` into `out` (same length). Uses TA-Lib's running sum (add the new
// value, divide, subtract the oldest) so results match it bit for bit. Shorter than the period:
// all NaN. Expects NaN-free input (see bar.hpp).
void sma(std::span<const double> in, int period, std::span<double> out);

// Updates SMA(period) one value at a time in O(1) with a ring of `period` values; the same
// arithmetic as sma(), so both agree exactly.
class Sma {
 public:
  explicit Sma(int period)
      : window_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)),
        period_d_(period) {
    OMEGA_ASSERT(period >= 1, "SMA period must be at least 1");
  }

  // Adds a value and returns the average of the last `period` values, NaN before the lookback.
  double update(double x) {
    const double total = partial_ + x;
    window_[pos_] = x;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ + 1 < period_) {
      ++seen_;
      partial_ = total;
      return kNaN;
    }
    partial_ = total - window_[pos_];
    return total / period_d_;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset();

 private:
  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  double partial_ = 0.0;  // sum of the newest period - 1 values
};

}  // namespace omega::indicators
