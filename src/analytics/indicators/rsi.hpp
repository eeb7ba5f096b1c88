// Provides RSI: Wilder's relative strength index, batch and streaming.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of RSI(period): period.
constexpr int rsi_lookback(int period) { return period; }

// Computes RSI(period) of `in` into `out` as TA-Lib does: average gain and loss seeded with the
// simple means of the first `period` changes, then Wilder smoothing; 100 * gain / (gain + loss),
// and 0 when gain + loss is within 1e-8 of zero (constant prices). Shorter than period + 1: all
// NaN. A NaN input makes every later output NaN.
void rsi(std::span<const double> in, int period, std::span<double> out);

// Updates RSI(period) one value at a time in O(1); the same arithmetic as rsi().
class Rsi {
 public:
  explicit Rsi(int period);

  // Adds a value and returns the RSI, NaN before the lookback.
  double update(double x) {
    if (seen_ == 0) {
      prev_ = x;
      seen_ = 1;
      return kNaN;
    }
    const double change = x - prev_;
    prev_ = x;
    if (seen_ <= period_) {
      if (change < 0) {
        loss_ -= change;
      } else {
        gain_ += change;
      }
      if (seen_++ < period_) return kNaN;
    } else {
      loss_ *= period_m1_;
      gain_ *= period_m1_;
      if (change < 0) {
        loss_ -= change;
      } else {
        gain_ += change;
      }
    }
    loss_ /= period_d_;
    gain_ /= period_d_;
    return ratio(gain_, loss_);
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_); }
  // Forgets every value seen.
  void reset();

  // Returns 100 * gain / (gain + loss), or 0 when the sum is within TA-Lib's 1e-8 of zero.
  static double ratio(double gain, double loss) {
    const double sum = gain + loss;
    if (-1e-8 < sum && sum < 1e-8) return 0.0;
    return 100.0 * (gain / sum);
  }

 private:
  std::size_t period_;
  double period_d_;
  double period_m1_;
  std::size_t seen_ = 0;
  double prev_ = 0.0;
  double gain_ = 0.0;
  double loss_ = 0.0;
};

}  // namespace omega::indicators
