#include "analytics/indicators/macd.hpp"

#include "core/assert.hpp"

namespace omega::indicators {

void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> macd_out,
          std::span<double> signal_out, std::span<double> hist_out) {
  OMEGA_ASSERT(macd_out.size() == in.size() && signal_out.size() == in.size() &&
                   hist_out.size() == in.size(),
               "MACD outputs must have the input's length");
  Macd state(fast, slow, signal);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const MacdValue v = state.update(in[i]);
    macd_out[i] = v.macd;
    signal_out[i] = v.signal;
    hist_out[i] = v.hist;
  }
}

void Macd::reset() {
  seen_ = 0;
  fast_sum_ = slow_sum_ = signal_sum_ = 0.0;
  fast_ema_ = slow_ema_ = signal_ema_ = 0.0;
}

}  // namespace omega::indicators
