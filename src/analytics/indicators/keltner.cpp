#include "analytics/indicators/keltner.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void keltner(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int period, double multiplier, int atr_period,
             std::span<double> upper, std::span<double> middle, std::span<double> lower) {
  const std::size_t n = upper.size();
  OMEGA_ASSERT(high.size() == n && low.size() == n && close.size() == n && middle.size() == n &&
                   lower.size() == n,
               "KELTNER columns must have the same length");
  Keltner state(period, multiplier, atr_period);
  for (std::size_t i = 0; i < n; ++i) {
    const ChannelValue v = state.update(high[i], low[i], close[i]);
    upper[i] = v.upper;
    middle[i] = v.middle;
    lower[i] = v.lower;
  }
}

}  // namespace omega::indicators
