#include "analytics/indicators/donchian.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void donchian(std::span<const double> high, std::span<const double> low, int period,
              std::span<double> upper, std::span<double> middle, std::span<double> lower) {
  const std::size_t n = upper.size();
  OMEGA_ASSERT(high.size() == n && low.size() == n && middle.size() == n && lower.size() == n,
               "DONCHIAN columns must have the same length");
  Donchian state(period);
  for (std::size_t i = 0; i < n; ++i) {
    const ChannelValue v = state.update(high[i], low[i]);
    upper[i] = v.upper;
    middle[i] = v.middle;
    lower[i] = v.lower;
  }
}

}  // namespace omega::indicators
