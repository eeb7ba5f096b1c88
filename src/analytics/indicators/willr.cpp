#include "analytics/indicators/willr.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void willr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int period, std::span<double> out) {
  OMEGA_ASSERT(high.size() == out.size() && low.size() == out.size() && close.size() == out.size(),
               "WILLR columns must have the same length");
  Willr state(period);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = state.update(high[i], low[i], close[i]);
}

}  // namespace omega::indicators
