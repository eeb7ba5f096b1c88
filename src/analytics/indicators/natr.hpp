// Provides NATR: the ATR as a percentage of the close, batch and streaming.
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of NATR(period): period.
constexpr int natr_lookback(int period) {
  return period;
}

// Computes NATR(period) = 100 * ATR / close, and 0 where the close is 0 (TA-Lib's choice).
void natr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          int period, std::span<double> out);

// Updates NATR(period) one bar at a time in O(1); the same arithmetic as natr().
class Natr {
 public:
  explicit Natr(int period) : atr_(period) {}

  // Adds a bar and returns 100 * ATR / close (0 when the close is 0), NaN before the lookback.
  double update(double high, double low, double close) {
    const double a = atr_.update(high, low, close);
    if (close == 0.0) return std::isnan(a) ? kNaN : 0.0;
    return (a / close) * 100.0;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return atr_.lookback(); }
  // Forgets every bar seen.
  void reset() { atr_.reset(); }

 private:
  Atr atr_;
};

}  // namespace omega::indicators
