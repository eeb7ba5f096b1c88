#include "analytics/fibonacci/fractal.hpp"

#include <cstddef>

#include "core/assert.hpp"

namespace omega::fib {

std::vector<Swing> fractal_pivots(std::span<const double> high, std::span<const double> low,
                                  int left, int right) {
  OMEGA_ASSERT(high.size() == low.size(), "fractal high and low must have the same length");
  OMEGA_ASSERT(left >= 1 && right >= 1, "fractal needs at least one bar on each side");
  std::vector<Swing> out;
  const auto l = static_cast<std::size_t>(left);
  const auto r = static_cast<std::size_t>(right);
  const std::size_t n = high.size();
  if (n < l + r + 1) return out;
  // Loops run per confirming bar c = p + r, so the output is naturally in confirmation order.
  for (std::size_t p = l; p + r < n; ++p) {
    bool is_high = true;
    bool is_low = true;
    for (std::size_t j = p - l; j < p && (is_high || is_low); ++j) {
      is_high = is_high && high[p] > high[j];
      is_low = is_low && low[p] < low[j];
    }
    for (std::size_t j = p + 1; j <= p + r && (is_high || is_low); ++j) {
      is_high = is_high && high[p] >= high[j];
      is_low = is_low && low[p] <= low[j];
    }
    if (is_high) out.push_back({p, p + r, high[p], SwingKind::kHigh});
    if (is_low) out.push_back({p, p + r, low[p], SwingKind::kLow});
  }
  return out;
}

}  // namespace omega::fib
