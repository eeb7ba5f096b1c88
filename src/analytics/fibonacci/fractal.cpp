#include "analytics/fibonacci/fractal.hpp"

#include <cstddef>

#include "analytics/fibonacci/swing_tracker.hpp"
#include "core/assert.hpp"

namespace omega::fib {

std::vector<Swing> fractal_pivots(std::span<const double> high, std::span<const double> low,
                                  int left, int right) {
  OMEGA_ASSERT(high.size() == low.size(), "fractal high and low must have the same length");
  FractalTracker tracker(left, right);
  std::vector<Swing> out;
  for (std::size_t i = 0; i < high.size(); ++i) {
    const FractalUpdate u = tracker.update(high[i], low[i]);
    if (u.high) out.push_back(*u.high);
    if (u.low) out.push_back(*u.low);
  }
  return out;
}

}  // namespace omega::fib
