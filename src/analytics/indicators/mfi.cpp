#include "analytics/indicators/mfi.hpp"

namespace omega::indicators {

void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, int period, std::span<double> out) {
  OMEGA_ASSERT(high.size() == out.size() && low.size() == out.size() &&
                   close.size() == out.size() && volume.size() == out.size(),
               "MFI columns must have the same length");
  Mfi state(period);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = state.update(high[i], low[i], close[i], volume[i]);
  }
}

}  // namespace omega::indicators
