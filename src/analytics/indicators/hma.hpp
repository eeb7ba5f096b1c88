// Provides HMA: Hull's moving average, WMA(2 * WMA(n/2) - WMA(n), sqrt(n)).
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/wma.hpp"

namespace omega::indicators {

// Returns floor(sqrt(period)), the final smoothing length of HMA(period).
int hma_smoothing(int period);

// Returns the number of leading NaN outputs of HMA(period): (period - 1) + (floor(sqrt) - 1).
int hma_lookback(int period);

// Computes HMA(period) (not in TA-Lib; Alan Hull's definition with integer n/2 and floor(sqrt n),
// WMAs as in wma()). Requires period >= 2. Expects NaN-free input (see bar.hpp).
void hma(std::span<const double> in, int period, std::span<double> out);

// Updates HMA(period) one value at a time in O(1).
class Hma {
 public:
  explicit Hma(int period) : half_(period / 2), full_(period), smooth_(hma_smoothing(period)) {}

  // Adds a value and returns HMA, NaN before the lookback.
  double update(double x) {
    const double h = half_.update(x);
    const double f = full_.update(x);
    if (std::isnan(f)) return kNaN;
    return smooth_.update((2.0 * h) - f);
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return full_.lookback() + smooth_.lookback(); }
  // Forgets every value seen.
  void reset() {
    half_.reset();
    full_.reset();
    smooth_.reset();
  }

 private:
  Wma half_;
  Wma full_;
  Wma smooth_;
};

}  // namespace omega::indicators
