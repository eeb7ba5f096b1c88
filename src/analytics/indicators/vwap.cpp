#include "analytics/indicators/vwap.hpp"

namespace omega::indicators {

void vwap(std::span<const std::int64_t> ts_ns, std::span<const double> high,
          std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, std::int64_t session_ns, std::span<double> out) {
  OMEGA_ASSERT(ts_ns.size() == out.size() && high.size() == out.size() &&
                   low.size() == out.size() && close.size() == out.size() &&
                   volume.size() == out.size(),
               "VWAP columns must have the same length");
  Vwap state(session_ns);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = state.update(ts_ns[i], high[i], low[i], close[i], volume[i]);
  }
}

}  // namespace omega::indicators
