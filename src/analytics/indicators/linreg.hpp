// Provides the rolling least-squares line: its value at the newest bar and its slope per bar.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one regression output.
struct LinregValue {
  double value = kNaN;  // the fitted line at the newest bar (TA-Lib's LINEARREG)
  double slope = kNaN;  // change per bar (TA-Lib's LINEARREG_SLOPE)
};

// Returns the number of leading NaN outputs of LINEARREG(period): period - 1.
constexpr int linreg_lookback(int period) {
  return period - 1;
}

// Computes the least-squares line through the last `period` values against bar positions:
// TA-Lib's LINEARREG (value at the newest bar) and LINEARREG_SLOPE. Constant prices: slope 0,
// value = the price. Expects NaN-free input (see bar.hpp).
void linreg(std::span<const double> in, int period, std::span<double> value_out,
            std::span<double> slope_out);

// Updates the regression one value at a time in amortised O(1): running sums of y and of
// position * y, recomputed exactly from the ring every `period` bars so rounding cannot drift.
class Linreg {
 public:
  explicit Linreg(int period);

  // Adds a value and returns the line's value and slope, NaN before the lookback.
  LinregValue update(double x) {
    if (seen_ < period_) {
      window_[pos_] = x;
      pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
      sum_xy_ += static_cast<double>(seen_) * x;
      sum_y_ += x;
      if (++seen_ < period_) return {};
    } else {
      const double oldest = window_[pos_];
      window_[pos_] = x;
      pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
      // Every value moves one position down; the oldest leaves, x enters at period - 1.
      sum_xy_ = sum_xy_ - (sum_y_ - oldest) + last_x_ * x;
      sum_y_ = sum_y_ - oldest + x;
      if (++since_refresh_ == period_) refresh();
    }
    const double slope = (period_d_ * sum_xy_ - sum_x_ * sum_y_) / divisor_;
    const double intercept = (sum_y_ - slope * sum_x_) / period_d_;
    return {intercept + slope * last_x_, slope};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
    since_refresh_ = 0;
    sum_xy_ = sum_y_ = 0.0;
  }

 private:
  // Recomputes both sums from the ring, oldest first.
  void refresh();

  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  double last_x_;   // position of the newest value: period - 1
  double sum_x_;    // sum of positions 0..period-1
  double divisor_;  // period * sum(x^2) - sum(x)^2
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  std::size_t since_refresh_ = 0;
  double sum_xy_ = 0.0;
  double sum_y_ = 0.0;
};

}  // namespace omega::indicators
