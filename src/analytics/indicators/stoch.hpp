// Provides the slow Stochastic oscillator (%K smoothed, %D) with simple moving averages.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/rolling_extreme.hpp"
#include "analytics/indicators/sma.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one Stochastic output.
struct StochValue {
  double k = kNaN;  // slow %K
  double d = kNaN;  // slow %D
};

// Returns the number of leading NaN outputs: (fast_k - 1) + (slow_k - 1) + (slow_d - 1).
constexpr int stoch_lookback(int fast_k, int slow_k, int slow_d) {
  return fast_k - 1 + slow_k - 1 + slow_d - 1;
}

// Returns TA-Lib's fast %K: 100 * (close - lowest) / (highest - lowest), 0 for a zero range.
inline double stoch_fast_k(double close, double highest, double lowest) {
  const double range = (highest - lowest) / 100.0;
  return range != 0.0 ? (close - lowest) / range : 0.0;
}

// Computes STOCH(fast_k, slow_k, slow_d) with SMA smoothing as TA-Lib does: fast %K over the last
// `fast_k` bars, slow %K = SMA(slow_k) of it, slow %D = SMA(slow_d) of slow %K. A zero high-low
// range gives a fast %K of 0. Expects NaN-free input (see bar.hpp).
void stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int fast_k, int slow_k, int slow_d, std::span<double> k_out, std::span<double> d_out);

// Updates STOCH one bar at a time in amortised O(1) and constant memory; same arithmetic.
class Stoch {
 public:
  Stoch(int fast_k, int slow_k, int slow_d)
      : highest_(static_cast<std::size_t>(fast_k)),
        lowest_(static_cast<std::size_t>(fast_k)),
        slow_k_(slow_k),
        slow_d_(slow_d),
        fast_k_(static_cast<std::size_t>(fast_k)) {
    OMEGA_ASSERT(fast_k >= 1 && slow_k >= 1 && slow_d >= 1, "STOCH periods must be at least 1");
  }

  // Adds a bar and returns slow %K and %D, NaN before the lookback.
  StochValue update(double high, double low, double close) {
    const double highest = highest_.push(high);
    const double lowest = lowest_.push(low);
    if (seen_ + 1 < fast_k_) {
      ++seen_;
      return {};
    }
    const double k = slow_k_.update(stoch_fast_k(close, highest, lowest));
    if (std::isnan(k)) return {};  // before slow %K's lookback
    const double d = slow_d_.update(k);
    if (std::isnan(d)) return {};
    return {k, d};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const;
  // Forgets every bar seen.
  void reset();

 private:
  RollingMax highest_;
  RollingMin lowest_;
  Sma slow_k_;
  Sma slow_d_;
  std::size_t fast_k_;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
