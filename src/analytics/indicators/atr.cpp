#include "analytics/indicators/atr.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace omega::indicators {

void atr(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int period, std::span<double> out) {
  OMEGA_ASSERT(high.size() == out.size() && low.size() == out.size() && close.size() == out.size(),
               "ATR columns must have the same length");
  Atr state(period);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = state.update(high[i], low[i], close[i]);
}

void Atr::reset() {
  range_.reset();
  seen_ = 0;
  sum_ = 0.0;
  value_ = 0.0;
}

}  // namespace omega::indicators
