// Provides Donchian channels: the highest high and lowest low of the last n bars.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/channel.hpp"
#include "analytics/indicators/rolling_extreme.hpp"

namespace omega::indicators {

// Returns the number of leading NaN outputs of DONCHIAN(period): period - 1.
constexpr int donchian_lookback(int period) {
  return period - 1;
}

// Computes DONCHIAN(period): upper = highest high, lower = lowest low of the last `period` bars
// (the current one included), middle = (upper + lower) / 2. Constant prices: all three equal.
// Expects NaN-free input (see bar.hpp).
void donchian(std::span<const double> high, std::span<const double> low, int period,
              std::span<double> upper, std::span<double> middle, std::span<double> lower);

// Updates DONCHIAN(period) one bar at a time in amortised O(1) and constant memory.
class Donchian {
 public:
  explicit Donchian(int period)
      : highest_(static_cast<std::size_t>(period)),
        lowest_(static_cast<std::size_t>(period)),
        period_(static_cast<std::size_t>(period)) {}

  // Adds a bar and returns the channel, NaN before the lookback.
  ChannelValue update(double high, double low) {
    const double upper = highest_.push(high);
    const double lower = lowest_.push(low);
    if (seen_ + 1 < period_) {
      ++seen_;
      return {};
    }
    return {upper, (upper + lower) / 2.0, lower};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(period_) - 1; }
  // Forgets every bar seen.
  void reset() {
    highest_.reset();
    lowest_.reset();
    seen_ = 0;
  }

 private:
  RollingMax highest_;
  RollingMin lowest_;
  std::size_t period_;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
