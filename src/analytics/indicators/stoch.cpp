#include "analytics/indicators/stoch.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void stoch(std::span<const double> high, std::span<const double> low, std::span<const double> close,
           int fast_k, int slow_k, int slow_d, std::span<double> k_out, std::span<double> d_out) {
  OMEGA_ASSERT(high.size() == k_out.size() && low.size() == k_out.size() &&
                   close.size() == k_out.size() && d_out.size() == k_out.size(),
               "STOCH columns must have the same length");
  Stoch state(fast_k, slow_k, slow_d);
  for (std::size_t i = 0; i < k_out.size(); ++i) {
    const StochValue v = state.update(high[i], low[i], close[i]);
    k_out[i] = v.k;
    d_out[i] = v.d;
  }
}

int Stoch::lookback() const {
  return static_cast<int>(fast_k_) - 1 + slow_k_.lookback() + slow_d_.lookback();
}

void Stoch::reset() {
  highest_.reset();
  lowest_.reset();
  slow_k_.reset();
  slow_d_.reset();
  seen_ = 0;
}

}  // namespace omega::indicators
