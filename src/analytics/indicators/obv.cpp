#include "analytics/indicators/obv.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out) {
  OMEGA_ASSERT(close.size() == out.size() && volume.size() == out.size(),
               "OBV columns must have the same length");
  Obv state;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = state.update(close[i], volume[i]);
}

}  // namespace omega::indicators
