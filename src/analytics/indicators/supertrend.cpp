#include "analytics/indicators/supertrend.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void supertrend(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int period, double multiplier,
                std::span<double> value_out, std::span<double> direction_out) {
  const std::size_t n = value_out.size();
  OMEGA_ASSERT(
      high.size() == n && low.size() == n && close.size() == n && direction_out.size() == n,
      "SUPERTREND columns must have the same length");
  Supertrend state(period, multiplier);
  for (std::size_t i = 0; i < n; ++i) {
    const SupertrendValue v = state.update(high[i], low[i], close[i]);
    value_out[i] = v.value;
    direction_out[i] = v.direction;
  }
}

}  // namespace omega::indicators
