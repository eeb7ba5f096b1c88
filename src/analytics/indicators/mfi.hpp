// Provides MFI: the money flow index, a volume-weighted RSI of the typical price.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of MFI(period): period.
constexpr int mfi_lookback(int period) {
  return period;
}

// Computes MFI(period) as TA-Lib does: money flow = typical price * volume, positive when the
// typical price rose, negative when it fell, neither when unchanged; 100 * positive / (positive +
// negative) over the last `period` bars, and 0 when that sum is below 1 (TA-Lib's guard: zero
// volume or constant prices give 0). Expects NaN-free input (see bar.hpp).
void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, int period, std::span<double> out);

// Updates MFI(period) one bar at a time in O(1) with a ring of `period` flows.
class Mfi {
 public:
  explicit Mfi(int period)
      : positive_(static_cast<std::size_t>(period)),
        negative_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)) {
    OMEGA_ASSERT(period >= 1, "MFI period must be at least 1");
  }

  // Adds a bar and returns the MFI, NaN before the lookback.
  double update(double high, double low, double close, double volume) {
    double tp = (high + low + close) / 3.0;
    const double change = tp - prev_tp_;
    prev_tp_ = tp;
    if (seen_ == 0) {
      seen_ = 1;
      return kNaN;
    }
    if (seen_ > period_) {
      positive_sum_ -= positive_[pos_];
      negative_sum_ -= negative_[pos_];
    }
    tp *= volume;
    positive_[pos_] = 0.0;
    negative_[pos_] = 0.0;
    if (change < 0) {
      negative_[pos_] = tp;
      negative_sum_ += tp;
    } else if (change > 0) {
      positive_[pos_] = tp;
      positive_sum_ += tp;
    }
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_++ < period_) return kNaN;
    const double total = positive_sum_ + negative_sum_;
    if (total < 1.0) return 0.0;
    return 100.0 * (positive_sum_ / total);
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_); }
  // Forgets every bar seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
    prev_tp_ = positive_sum_ = negative_sum_ = 0.0;
  }

 private:
  std::vector<double> positive_;
  std::vector<double> negative_;
  std::size_t period_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
  double prev_tp_ = 0.0;
  double positive_sum_ = 0.0;
  double negative_sum_ = 0.0;
};

}  // namespace omega::indicators
