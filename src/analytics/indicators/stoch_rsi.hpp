// Provides Stochastic RSI: the fast Stochastic of the RSI series.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/rolling_extreme.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/indicators/sma.hpp"
#include "analytics/indicators/stoch.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of STOCHRSI: period + (fast_k - 1) + (fast_d - 1).
constexpr int stoch_rsi_lookback(int period, int fast_k, int fast_d) {
  return period + fast_k - 1 + fast_d - 1;
}

// Computes STOCHRSI(period, fast_k, fast_d) as TA-Lib does: RSI(period), then fast %K = 100 *
// (rsi - lowest) / (highest - lowest) over `fast_k` RSI values (0 when the range is 0, e.g.
// constant prices), fast %D = SMA(fast_d) of %K. Expects NaN-free input (see bar.hpp).
void stoch_rsi(std::span<const double> in, int period, int fast_k, int fast_d,
               std::span<double> k_out, std::span<double> d_out);

// Updates STOCHRSI one value at a time in amortised O(1) and constant memory.
class StochRsi {
 public:
  StochRsi(int period, int fast_k, int fast_d)
      : rsi_(period),
        highest_(static_cast<std::size_t>(fast_k)),
        lowest_(static_cast<std::size_t>(fast_k)),
        fast_d_(fast_d),
        fast_k_(static_cast<std::size_t>(fast_k)) {}

  // Adds a value and returns fast %K and %D, NaN before the lookback.
  StochValue update(double x) {
    const double r = rsi_.update(x);
    if (std::isnan(r)) return {};
    const double highest = highest_.push(r);
    const double lowest = lowest_.push(r);
    if (seen_ + 1 < fast_k_) {
      ++seen_;
      return {};
    }
    const double k = stoch_fast_k(r, highest, lowest);
    const double d = fast_d_.update(k);
    if (std::isnan(d)) return {};
    return {k, d};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const {
    return rsi_.lookback() + static_cast<int>(fast_k_) - 1 + fast_d_.lookback();
  }
  // Forgets every value seen.
  void reset() {
    rsi_.reset();
    highest_.reset();
    lowest_.reset();
    fast_d_.reset();
    seen_ = 0;
  }

 private:
  Rsi rsi_;
  RollingMax highest_;
  RollingMin lowest_;
  Sma fast_d_;
  std::size_t fast_k_;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
