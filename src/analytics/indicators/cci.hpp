// Provides CCI: Lambert's commodity channel index of the typical price.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of CCI(period): period - 1.
constexpr int cci_lookback(int period) {
  return period - 1;
}

// Computes CCI(period) as TA-Lib does: typical price tp = (high + low + close) / 3, then
// (tp - mean) / (0.015 * mean absolute deviation) over the last `period` tps; 0 when either is
// 0 (constant prices). Expects NaN-free input (see bar.hpp).
void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int period, std::span<double> out);

// Updates CCI(period) one bar at a time with constant memory. The mean absolute deviation has
// no exact O(1) update, so each bar costs O(period), like TA-Lib's.
class Cci {
 public:
  explicit Cci(int period)
      : window_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)),
        period_d_(period) {
    OMEGA_ASSERT(period >= 1, "CCI period must be at least 1");
  }

  // Adds a bar and returns the CCI, NaN before the lookback.
  double update(double high, double low, double close) {
    const double tp = (high + low + close) / 3.0;
    window_[pos_] = tp;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ + 1 < period_) {
      ++seen_;
      return kNaN;
    }
    // Sums in ring order from slot 0, as TA-Lib's circular buffer does.
    double mean = 0.0;
    for (const double v : window_) mean += v;
    mean /= period_d_;
    double deviation = 0.0;
    for (const double v : window_) deviation += std::fabs(v - mean);
    const double distance = tp - mean;
    if (distance == 0.0 || deviation == 0.0) return 0.0;
    return distance / (0.015 * (deviation / period_d_));
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every bar seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
  }

 private:
  std::vector<double> window_;
  std::size_t period_;
  double period_d_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
