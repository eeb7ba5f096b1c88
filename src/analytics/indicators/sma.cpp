#include "analytics/indicators/sma.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace omega::indicators {

void sma(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(period >= 1, "SMA period must be at least 1");
  OMEGA_ASSERT(out.size() == in.size(), "SMA output must have the input's length");
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  const double pd = period;
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(n, p - 1)), kNaN);
  if (n < p) return;
  double partial = 0.0;
  for (std::size_t i = 0; i + 1 < p; ++i) partial += in[i];
  for (std::size_t i = p - 1; i < n; ++i) {
    const double total = partial + in[i];
    out[i] = total / pd;
    partial = total - in[i + 1 - p];
  }
}

void Sma::reset() {
  pos_ = 0;
  seen_ = 0;
  partial_ = 0.0;
}

}  // namespace omega::indicators
