// Provides WMA: the linearly weighted moving average, batch and streaming.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of WMA(period): period - 1.
constexpr int wma_lookback(int period) {
  return period - 1;
}

// Computes WMA(period) of `in` into `out`: weights 1..period, newest heaviest, divided by
// period * (period + 1) / 2, with TA-Lib's O(1) running sums. Shorter than the period: all NaN.
// Expects NaN-free input (see bar.hpp).
void wma(std::span<const double> in, int period, std::span<double> out);

// Updates WMA(period) one value at a time in O(1) with a ring of `period` values.
class Wma {
 public:
  explicit Wma(int period)
      : window_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)),
        period_d_(period),
        divider_(static_cast<double>(period) * static_cast<double>(period + 1) / 2.0) {
    OMEGA_ASSERT(period >= 1, "WMA period must be at least 1");
  }

  // Adds a value and returns the weighted average, NaN before the lookback.
  double update(double x) {
    window_[pos_] = x;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ + 1 < period_) {
      ++seen_;
      sub_ += x;
      sum_ += x * static_cast<double>(seen_);
      return kNaN;
    }
    sub_ += x;
    sub_ -= trailing_;
    sum_ += x * period_d_;
    trailing_ = window_[pos_];  // the oldest value still weighted, leaving next bar
    const double out = sum_ / divider_;
    sum_ -= sub_;
    return out;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
    sub_ = sum_ = trailing_ = 0.0;
  }

 private:
  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  double divider_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  double sub_ = 0.0;       // plain sum of the window
  double sum_ = 0.0;       // weighted sum of the window
  double trailing_ = 0.0;  // value to drop from the plain sum on the next bar
};

}  // namespace omega::indicators
