#include "analytics/indicators/bbands.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"

namespace omega::indicators {

void bbands(std::span<const double> in, int period, double dev_up, double dev_down,
            std::span<double> upper, std::span<double> middle, std::span<double> lower) {
  OMEGA_ASSERT(upper.size() == in.size() && middle.size() == in.size() && lower.size() == in.size(),
               "BBANDS outputs must have the input's length");
  Bbands state(period, dev_up, dev_down);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const BbandsValue v = state.update(in[i]);
    upper[i] = v.upper;
    middle[i] = v.middle;
    lower[i] = v.lower;
  }
}

// Kept out of line: the square root and the bands are off the running sums' dependency chain.
BbandsValue Bbands::bands(double mean, double mean_sq) const {
  const double variance = mean_sq - mean * mean;
  // TA-Lib treats a variance below 1e-8 as zero: the running sums leave such residue on
  // constant prices, and its square root would be noise.
  const double deviation = variance < 1e-8 ? 0.0 : std::sqrt(variance);
  return {mean + deviation * dev_up_, mean, mean - deviation * dev_down_};
}

void Bbands::reset() {
  pos_ = 0;
  seen_ = 0;
  partial_ = 0.0;
  partial_sq_ = 0.0;
}

}  // namespace omega::indicators
