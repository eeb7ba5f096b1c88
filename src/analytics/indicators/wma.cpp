#include "analytics/indicators/wma.hpp"

namespace omega::indicators {

void wma(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "WMA output must have the input's length");
  Wma state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]);
}

}  // namespace omega::indicators
