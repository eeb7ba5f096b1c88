// Provides ATR: Wilder's average true range, batch and streaming.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/true_range.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of ATR(period): period.
constexpr int atr_lookback(int period) {
  return period;
}

// Computes ATR(period) as TA-Lib does: the first value is the mean of TR[1..period], then
// atr = (atr * (period - 1) + tr) / period. Constant prices give 0. Expects NaN-free input (see
// bar.hpp).
void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int period, std::span<double> out);

// Updates ATR(period) one bar at a time in O(1); the same arithmetic as atr().
class Atr {
 public:
  explicit Atr(int period)
      : period_(static_cast<std::size_t>(period)), period_d_(period), period_m1_(period - 1) {
    OMEGA_ASSERT(period >= 1, "ATR period must be at least 1");
  }

  // Adds a bar and returns the ATR, NaN before the lookback.
  double update(double high, double low, double close) {
    const double tr = range_.update(high, low, close);
    if (seen_ <= period_) {
      if (seen_++ == 0) return kNaN;
      sum_ += tr;
      if (seen_ <= period_) return kNaN;
      value_ = sum_ / period_d_;
      return value_;
    }
    value_ *= period_m1_;
    value_ += tr;
    value_ /= period_d_;
    return value_;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_); }
  // Forgets every bar seen.
  void reset();

 private:
  TrueRange range_;
  std::size_t period_;
  double period_d_;
  double period_m1_;
  std::size_t seen_ = 0;
  double sum_ = 0.0;
  double value_ = 0.0;
};

}  // namespace omega::indicators
