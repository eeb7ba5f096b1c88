#include "analytics/indicators/rsi.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void rsi(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "RSI output must have the input's length");
  Rsi state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]);
}

void Rsi::reset() {
  seen_ = 0;
  prev_ = 0.0;
  gain_ = 0.0;
  loss_ = 0.0;
}

}  // namespace omega::indicators
