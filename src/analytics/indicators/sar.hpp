// Provides the Parabolic SAR: Wilder's stop-and-reverse trailing stop.
#pragma once

#include <span>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of SAR: 1.
constexpr int sar_lookback() {
  return 1;
}

// Computes SAR(acceleration, maximum) as TA-Lib does: the first trend is short when bar 1's
// down move (-DM) is positive, else long; the first SAR is bar 0's high (short) or low (long),
// the extreme point bar 1's low or high; the factor starts at `acceleration`, grows by it on each
// new extreme up to `maximum`; the SAR never enters the last two bars' range; on a reversal the
// SAR becomes the extreme point. Requires 0 < acceleration <= maximum. Constant prices: a flat
// SAR at the price. Expects NaN-free input (see bar.hpp).
void sar(std::span<const double> high, std::span<const double> low, double acceleration,
         double maximum, std::span<double> out);

// Updates the SAR one bar at a time in O(1); the same arithmetic as sar().
class Sar {
 public:
  Sar(double acceleration, double maximum) : step_(acceleration), max_(maximum) {
    OMEGA_ASSERT(acceleration > 0.0 && acceleration <= maximum,
                 "SAR needs 0 < acceleration <= maximum");
  }

  // Adds a bar and returns the SAR in force for it, NaN for the first bar.
  double update(double high, double low) {
    if (seen_ == 0) {
      seen_ = 1;
      new_high_ = high;
      new_low_ = low;
      return kNaN;
    }
    if (seen_ == 1) {
      seen_ = 2;
      // TA-Lib's MINUS_DM(1) on bars 0 and 1 picks the first direction.
      const double up = high - new_high_;
      const double down = new_low_ - low;
      long_ = !(down > 0 && up < down);
      if (long_) {
        ep_ = high;
        sar_ = new_low_;
      } else {
        ep_ = low;
        sar_ = new_high_;
      }
      af_ = step_;
      new_low_ = low;
      new_high_ = high;
    }
    const double prev_low = new_low_;
    const double prev_high = new_high_;
    new_low_ = low;
    new_high_ = high;
    double out = 0.0;
    if (long_) {
      if (new_low_ <= sar_) {
        long_ = false;
        sar_ = ep_;
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
        out = sar_;
        af_ = step_;
        ep_ = new_low_;
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
      } else {
        out = sar_;
        if (new_high_ > ep_) {
          ep_ = new_high_;
          af_ += step_;
          if (af_ > max_) af_ = max_;
        }
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
      }
    } else {
      if (new_high_ >= sar_) {
        long_ = true;
        sar_ = ep_;
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
        out = sar_;
        af_ = step_;
        ep_ = new_high_;
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ > prev_low) sar_ = prev_low;
        if (sar_ > new_low_) sar_ = new_low_;
      } else {
        out = sar_;
        if (new_low_ < ep_) {
          ep_ = new_low_;
          af_ += step_;
          if (af_ > max_) af_ = max_;
        }
        sar_ = sar_ + af_ * (ep_ - sar_);
        if (sar_ < prev_high) sar_ = prev_high;
        if (sar_ < new_high_) sar_ = new_high_;
      }
    }
    return out;
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return 1; }
  // Forgets every bar seen.
  void reset() { seen_ = 0; }

 private:
  double step_;
  double max_;
  int seen_ = 0;
  bool long_ = true;
  double af_ = 0.0;
  double ep_ = 0.0;
  double sar_ = 0.0;
  double new_high_ = 0.0;
  double new_low_ = 0.0;
};

}  // namespace omega::indicators
