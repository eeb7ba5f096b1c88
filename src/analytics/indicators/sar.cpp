#include "analytics/indicators/sar.hpp"

namespace omega::indicators {

void sar(std::span<const double> high, std::span<const double> low, double acceleration,
         double maximum, std::span<double> out) {
  OMEGA_ASSERT(high.size() == out.size() && low.size() == out.size(),
               "SAR columns must have the same length");
  Sar state(acceleration, maximum);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = state.update(high[i], low[i]);
}

}  // namespace omega::indicators
