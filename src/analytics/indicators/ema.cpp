#include "analytics/indicators/ema.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace omega::indicators {

void ema(std::span<const double> in, int period, std::span<double> out) {
  OMEGA_ASSERT(period >= 1, "EMA period must be at least 1");
  OMEGA_ASSERT(out.size() == in.size(), "EMA output must have the input's length");
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(n, p - 1)), kNaN);
  if (n < p) return;
  const double k = 2.0 / static_cast<double>(period + 1);
  double sum = 0.0;
  for (std::size_t i = 0; i < p; ++i) sum += in[i];
  double value = sum / static_cast<double>(period);
  out[p - 1] = value;
  for (std::size_t i = p; i < n; ++i) {
    value = ((in[i] - value) * k) + value;
    out[i] = value;
  }
}

void Ema::reset() {
  seen_ = 0;
  sum_ = 0.0;
  value_ = 0.0;
}

}  // namespace omega::indicators
