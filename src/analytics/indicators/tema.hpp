// Provides TEMA: Mulloy's triple exponential moving average, batch and streaming.
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/ema.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of TEMA(period): 3 * (period - 1).
constexpr int tema_lookback(int period) {
  return 3 * (period - 1);
}

// Computes TEMA(period) = 3 * EMA - 3 * EMA(EMA) + EMA(EMA(EMA)), seeded as TA-Lib does.
// Expects NaN-free input (see bar.hpp).
void tema(std::span<const double> in, int period, std::span<double> out);

// Updates TEMA(period) one value at a time in O(1).
class Tema {
 public:
  explicit Tema(int period) : first_(period), second_(period), third_(period) {}

  // Adds a value and returns TEMA, NaN before the lookback.
  double update(double x) {
    const double e1 = first_.update(x);
    if (std::isnan(e1)) return kNaN;
    const double e2 = second_.update(e1);
    if (std::isnan(e2)) return kNaN;
    const double e3 = third_.update(e2);
    if (std::isnan(e3)) return kNaN;
    return e3 + ((3.0 * e1) - (3.0 * e2));
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return first_.lookback() * 3; }
  // Forgets every value seen.
  void reset() {
    first_.reset();
    second_.reset();
    third_.reset();
  }

 private:
  Ema first_;
  Ema second_;
  Ema third_;
};

}  // namespace omega::indicators
