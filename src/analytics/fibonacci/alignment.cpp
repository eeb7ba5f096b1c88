#include "analytics/fibonacci/alignment.hpp"

#include <cmath>
#include <limits>

namespace omega::fib {

std::optional<Alignment> align_price(double price, std::span<const FibLevel> levels,
                                     double tick_size, double atr) {
  if (levels.empty()) return std::nullopt;
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Alignment a;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double p = levels[i].price;
    const double d = std::abs(price - p);
    if (d < best) {
      best = d;
      a.nearest = i;
    }
    if (p <= price && (!a.below || p > levels[*a.below].price)) a.below = i;
    if (p > price && (!a.above || p < levels[*a.above].price)) a.above = i;
  }
  const double level = levels[a.nearest].price;
  a.distance = price - level;
  a.distance_pct = level != 0.0 ? a.distance / level * 100.0 : 0.0;
  a.distance_ticks = tick_size > 0.0 ? a.distance / tick_size : kNaN;
  a.distance_atr = atr > 0.0 ? a.distance / atr : kNaN;
  return a;
}

}  // namespace omega::fib
