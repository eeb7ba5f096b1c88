#include "analytics/indicators/adx.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace omega::indicators {

void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int period, std::span<double> adx_out, std::span<double> plus_di_out,
         std::span<double> minus_di_out) {
  const std::size_t n = adx_out.size();
  OMEGA_ASSERT(high.size() == n && low.size() == n && close.size() == n &&
                   plus_di_out.size() == n && minus_di_out.size() == n,
               "ADX columns must have the same length");
  Adx state(period);
  for (std::size_t i = 0; i < n; ++i) {
    const AdxValue v = state.update(high[i], low[i], close[i]);
    adx_out[i] = v.adx;
    plus_di_out[i] = v.plus_di;
    minus_di_out[i] = v.minus_di;
  }
}

void Adx::reset() {
  seen_ = 0;
  plus_dm_ = minus_dm_ = tr_ = sum_dx_ = adx_ = 0.0;
}

}  // namespace omega::indicators
