#include "analytics/indicators/hma.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

int hma_smoothing(int period) {
  int root = static_cast<int>(std::sqrt(static_cast<double>(period)));
  // Guards against sqrt rounding just below an exact square.
  while ((root + 1) * (root + 1) <= period) ++root;
  while (root * root > period) --root;
  return root;
}

int hma_lookback(int period) {
  return period - 1 + hma_smoothing(period) - 1;
}

void hma(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "HMA output must have the input's length");
  OMEGA_ASSERT(period >= 2, "HMA period must be at least 2");
  Hma state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]);
}

}  // namespace omega::indicators
