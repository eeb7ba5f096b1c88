// Provides Keltner channels: an EMA of the close with bands a multiple of the ATR away.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/channel.hpp"
#include "analytics/indicators/ema.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of KELTNER: max(period - 1, atr_period).
constexpr int keltner_lookback(int period, int atr_period) {
  return std::max(period - 1, atr_period);
}

// Computes KELTNER(period, multiplier, atr_period): middle = EMA(period) of the close (SMA
// seeded), upper/lower = middle +/- multiplier * ATR(atr_period) (TA-Lib's ATR). Constant prices:
// the ATR is 0 and the bands meet the middle. Expects NaN-free input (see bar.hpp).
void keltner(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int period, double multiplier, int atr_period,
             std::span<double> upper, std::span<double> middle, std::span<double> lower);

// Updates KELTNER one bar at a time in O(1).
class Keltner {
 public:
  Keltner(int period, double multiplier, int atr_period)
      : ema_(period), atr_(atr_period), multiplier_(multiplier) {}

  // Adds a bar and returns the channel, NaN before the lookback.
  ChannelValue update(double high, double low, double close) {
    const double mid = ema_.update(close);
    const double range = atr_.update(high, low, close);
    if (std::isnan(mid) || std::isnan(range)) return {};
    const double width = multiplier_ * range;
    return {mid + width, mid, mid - width};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return std::max(ema_.lookback(), atr_.lookback()); }
  // Forgets every bar seen.
  void reset() {
    ema_.reset();
    atr_.reset();
  }

 private:
  Ema ema_;
  Atr atr_;
  double multiplier_;
};

}  // namespace omega::indicators
