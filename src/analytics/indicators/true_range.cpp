#include "analytics/indicators/true_range.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void true_range(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::span<double> out) {
  OMEGA_ASSERT(high.size() == out.size() && low.size() == out.size() && close.size() == out.size(),
               "TRANGE columns must have the same length");
  TrueRange state;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = state.update(high[i], low[i], close[i]);
}

}  // namespace omega::indicators
