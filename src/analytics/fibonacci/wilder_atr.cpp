#include "analytics/fibonacci/wilder_atr.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "core/assert.hpp"

namespace omega::fib {

void wilder_atr(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int period, std::span<double> out) {
  OMEGA_ASSERT(period >= 1, "ATR period must be at least 1");
  OMEGA_ASSERT(high.size() == low.size() && low.size() == close.size() && out.size() == high.size(),
               "ATR inputs and output must have the same length");
  const std::size_t n = high.size();
  const auto p = static_cast<std::size_t>(period);
  const double pd = period;
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(n, p)),
            std::numeric_limits<double>::quiet_NaN());
  if (n <= p) return;
  const auto true_range = [&](std::size_t i) {
    const double prev = close[i - 1];
    return std::max(high[i], prev) - std::min(low[i], prev);
  };
  double sum = 0.0;
  for (std::size_t i = 1; i <= p; ++i) sum += true_range(i);
  double atr = sum / pd;
  out[p] = atr;
  for (std::size_t i = p + 1; i < n; ++i) {
    atr = (atr * (pd - 1.0) + true_range(i)) / pd;
    out[i] = atr;
  }
}

}  // namespace omega::fib
