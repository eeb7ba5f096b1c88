#include "analytics/indicators/stddev.hpp"

namespace omega::indicators {

void stddev(std::span<const double> in, int period, double factor, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "STDDEV output must have the input's length");
  Stddev state(period, factor);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]);
}

}  // namespace omega::indicators
