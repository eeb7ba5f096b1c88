#include "analytics/indicators/momentum.hpp"

namespace omega::indicators {

void mom(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "MOM output must have the input's length");
  Momentum state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]).mom;
}

void roc(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(out.size() == in.size(), "ROC output must have the input's length");
  Momentum state(period);
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = state.update(in[i]).roc;
}

}  // namespace omega::indicators
