// Provides EMA: the exponential moving average seeded with an SMA, batch and streaming.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of EMA(period): period - 1.
constexpr int ema_lookback(int period) {
  return period - 1;
}

// Computes EMA(period) of `in` into `out` as TA-Lib does: the first value is the SMA of the first
// `period` inputs, then ema += (x - ema) * 2 / (period + 1). Shorter than the period: all NaN.
// Expects NaN-free input (see bar.hpp).
void ema(std::span<const double> in, int period, std::span<double> out);

// Updates EMA(period) one value at a time in O(1); the same arithmetic as ema().
class Ema {
 public:
  explicit Ema(int period)
      : period_(static_cast<std::size_t>(period)),
        period_d_(period),
        k_(2.0 / static_cast<double>(period + 1)) {
    OMEGA_ASSERT(period >= 1, "EMA period must be at least 1");
  }

  // Adds a value and returns the average, NaN before the lookback.
  double update(double x) {
    if (seen_ < period_) {
      sum_ += x;
      if (++seen_ < period_) return kNaN;
      value_ = sum_ / period_d_;
      return value_;
    }
    value_ = ((x - value_) * k_) + value_;
    return value_;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset();

 private:
  std::size_t period_;
  double period_d_;
  double k_;
  std::size_t seen_ = 0;
  double sum_ = 0.0;
  double value_ = 0.0;
};

}  // namespace omega::indicators
