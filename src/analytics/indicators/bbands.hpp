// Provides Bollinger Bands: an SMA with bands a multiple of the population deviation away.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one Bollinger Bands output.
struct BbandsValue {
  double upper = kNaN;
  double middle = kNaN;
  double lower = kNaN;
};

// Returns the number of leading NaN outputs of BBANDS(period): period - 1.
constexpr int bbands_lookback(int period) {
  return period - 1;
}

// Computes BBANDS(period, dev_up, dev_down) as TA-Lib does with an SMA: middle = SMA, deviation
// = sqrt(mean(x^2) - middle^2) from running sums (population), taken as 0 when the variance is
// below TA-Lib's 1e-8 (constant prices give upper == middle == lower). Expects NaN-free input (see
// bar.hpp).
void bbands(std::span<const double> in, int period, double dev_up, double dev_down,
            std::span<double> upper, std::span<double> middle, std::span<double> lower);

// Updates BBANDS one value at a time in O(1); the same arithmetic as bbands().
class Bbands {
 public:
  Bbands(int period, double dev_up, double dev_down)
      : window_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)),
        period_d_(period),
        dev_up_(dev_up),
        dev_down_(dev_down) {
    OMEGA_ASSERT(period >= 1, "BBANDS period must be at least 1");
  }

  // Adds a value and returns the bands, NaN before the lookback.
  BbandsValue update(double x) {
    const double total = partial_ + x;
    const double total_sq = partial_sq_ + x * x;
    window_[pos_] = x;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ + 1 < period_) {
      ++seen_;
      partial_ = total;
      partial_sq_ = total_sq;
      return {};
    }
    const double oldest = window_[pos_];
    partial_ = total - oldest;
    partial_sq_ = total_sq - oldest * oldest;
    return bands(total / period_d_, total_sq / period_d_);
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every value seen.
  void reset();

 private:
  BbandsValue bands(double mean, double mean_sq) const;

  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  double dev_up_;
  double dev_down_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  double partial_ = 0.0;
  double partial_sq_ = 0.0;
};

}  // namespace omega::indicators
