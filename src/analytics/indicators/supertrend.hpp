// Provides SuperTrend: an ATR trailing band that flips sides when the close crosses it.
#pragma once

#include <cmath>
#include <span>

#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Holds one SuperTrend output.
struct SupertrendValue {
  double value = kNaN;      // the active band: the lower one in an up trend, else the upper one
  double direction = kNaN;  // +1 up trend, -1 down trend
};

// Returns the number of leading NaN outputs of SUPERTREND(period): period (ATR's lookback).
constexpr int supertrend_lookback(int period) {
  return period;
}

// Computes SUPERTREND(period, multiplier) as TradingView's ta.supertrend does, on TA-Lib's ATR:
// bands hl2 +/- multiplier * ATR; the upper band only falls and the lower only rises while the
// previous close stays inside them; the trend starts down (value = upper band) and flips up when
// the close exceeds the upper band, down when it falls below the lower one. Constant prices:
// ATR 0, value = the price. Expects NaN-free input (see bar.hpp).
void supertrend(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int period, double multiplier,
                std::span<double> value_out, std::span<double> direction_out);

// Updates SUPERTREND one bar at a time in O(1).
class Supertrend {
 public:
  Supertrend(int period, double multiplier) : atr_(period), multiplier_(multiplier) {}

  // Adds a bar and returns the band and direction, NaN before the lookback.
  SupertrendValue update(double high, double low, double close) {
    const double range = atr_.update(high, low, close);
    const double prev_close = prev_close_;
    prev_close_ = close;
    if (std::isnan(range)) return {};
    const double mid = (high + low) / 2.0;
    double upper = mid + multiplier_ * range;
    double lower = mid - multiplier_ * range;
    if (!started_) {
      started_ = true;
      up_ = false;
    } else {
      if (!(upper < upper_ || prev_close > upper_)) upper = upper_;
      if (!(lower > lower_ || prev_close < lower_)) lower = lower_;
      up_ = up_ ? !(close < lower) : close > upper;
    }
    upper_ = upper;
    lower_ = lower;
    return {up_ ? lower : upper, up_ ? 1.0 : -1.0};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return atr_.lookback(); }
  // Forgets every bar seen.
  void reset() {
    atr_.reset();
    started_ = false;
  }

 private:
  Atr atr_;
  double multiplier_;
  bool started_ = false;
  bool up_ = false;
  double upper_ = 0.0;
  double lower_ = 0.0;
  double prev_close_ = 0.0;
};

}  // namespace omega::indicators
