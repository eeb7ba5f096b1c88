#include "analytics/indicators/stoch_rsi.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void stoch_rsi(std::span<const double> in, int period, int fast_k, int fast_d,
               std::span<double> k_out, std::span<double> d_out) {
  OMEGA_ASSERT(k_out.size() == in.size() && d_out.size() == in.size(),
               "STOCHRSI outputs must have the input's length");
  StochRsi state(period, fast_k, fast_d);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const StochValue v = state.update(in[i]);
    k_out[i] = v.k;
    d_out[i] = v.d;
  }
}

}  // namespace omega::indicators
