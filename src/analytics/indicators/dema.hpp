// Provides DEMA: Mulloy's double exponential moving average, batch and streaming.
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/ema.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of DEMA(period): 2 * (period - 1).
constexpr int dema_lookback(int period) {
  return 2 * (period - 1);
}

// Computes DEMA(period) = 2 * EMA - EMA(EMA), each EMA seeded with an SMA as TA-Lib does.
// Expects NaN-free input (see bar.hpp).
void dema(std::span<const double> in, int period, std::span<double> out);

// Updates DEMA(period) one value at a time in O(1).
class Dema {
 public:
  explicit Dema(int period) : first_(period), second_(period) {}

  // Adds a value and returns DEMA, NaN before the lookback.
  double update(double x) {
    const double e1 = first_.update(x);
    if (std::isnan(e1)) return kNaN;
    const double e2 = second_.update(e1);
    if (std::isnan(e2)) return kNaN;
    return (2.0 * e1) - e2;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return first_.lookback() + second_.lookback(); }
  // Forgets every value seen.
  void reset() {
    first_.reset();
    second_.reset();
  }

 private:
  Ema first_;
  Ema second_;
};

}  // namespace omega::indicators
