// Provides STDDEV: the rolling population standard deviation, times a factor.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of STDDEV(period): period - 1.
constexpr int stddev_lookback(int period) {
  return period - 1;
}

// Computes STDDEV(period, factor) as TA-Lib does: factor * sqrt(mean(x^2) - mean(x)^2) from
// running sums (population deviation), 0 when the variance is below 1e-8 (constant prices).
// Expects NaN-free input (see bar.hpp).
void stddev(std::span<const double> in, int period, double factor, std::span<double> out);

// Updates STDDEV one value at a time in O(1) with a ring of `period` values.
class Stddev {
 public:
  Stddev(int period, double factor)
      : window_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)),
        period_d_(period),
        factor_(factor) {
    OMEGA_ASSERT(period >= 1, "STDDEV period must be at least 1");
  }

  // Adds a value and returns the deviation, NaN before the lookback.
  double update(double x) {
    const double total = partial_ + x;
    const double total_sq = partial_sq_ + x * x;
    window_[pos_] = x;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ + 1 < period_) {
      ++seen_;
      partial_ = total;
      partial_sq_ = total_sq;
      return kNaN;
    }
    const double oldest = window_[pos_];
    partial_ = total - oldest;
    partial_sq_ = total_sq - oldest * oldest;
    const double mean = total / period_d_;
    const double variance = total_sq / period_d_ - mean * mean;
    // TA-Lib's cut-off: running sums leave residue of this size on constant prices.
    return variance < 1e-8 ? 0.0 : std::sqrt(variance) * factor_;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
    partial_ = partial_sq_ = 0.0;
  }

 private:
  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  double factor_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  double partial_ = 0.0;
  double partial_sq_ = 0.0;
};

}  // namespace omega::indicators
