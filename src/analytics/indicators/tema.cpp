#include "analytics/indicators/tema.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void tema(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "TEMA output must have the input's length");
  Tema state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]);
}

}  // namespace omega::indicators
