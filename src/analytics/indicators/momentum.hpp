// Provides MOM and ROC: the change of the close over n bars, absolute and in percent.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of MOM(period) and ROC(period): period.
constexpr int momentum_lookback(int period) {
  return period;
}

// Computes MOM(period) = x - x[period bars ago]. Expects NaN-free input (see bar.hpp).
void mom(std::span<const double> in, int period, std::span<double> out);
// Computes ROC(period) = (x / x[period bars ago] - 1) * 100 as TA-Lib does, 0 when the old value
// is 0. Expects NaN-free input (see bar.hpp).
void roc(std::span<const double> in, int period, std::span<double> out);

// Holds one momentum output pair.
struct MomentumValue {
  double mom = kNaN;
  double roc = kNaN;
};

// Updates MOM and ROC one value at a time in O(1) with a ring of `period` values.
class Momentum {
 public:
  explicit Momentum(int period)
      : window_(static_cast<std::size_t>(period)), period_(static_cast<std::size_t>(period)) {
    OMEGA_ASSERT(period >= 1, "momentum period must be at least 1");
  }

  // Adds a value and returns its change over `period` bars, NaN before the lookback.
  MomentumValue update(double x) {
    const double old = window_[pos_];
    window_[pos_] = x;
    pos_ = pos_ + 1 == period_ ? 0 : pos_ + 1;
    if (seen_ < period_) {
      ++seen_;
      return {};
    }
    return {x - old, old != 0.0 ? ((x / old) - 1.0) * 100.0 : 0.0};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_); }
  // Forgets every value seen.
  void reset() {
    pos_ = 0;
    seen_ = 0;
  }

 private:
  std::vector<double> window_;
  std::size_t period_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
