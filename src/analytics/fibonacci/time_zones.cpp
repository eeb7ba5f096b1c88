#include "analytics/fibonacci/time_zones.hpp"

#include <limits>

namespace omega::fib {

std::vector<std::size_t> fib_time_zones(std::size_t anchor, std::size_t unit, std::size_t limit) {
  std::vector<std::size_t> out;
  if (anchor >= limit) return out;
  out.push_back(anchor);
  if (unit == 0) return out;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  std::size_t a = 1;
  std::size_t b = 2;
  while (a <= (kMax - anchor) / unit && anchor + a * unit < limit) {
    out.push_back(anchor + a * unit);
    const std::size_t next = a + b;
    a = b;
    b = next;
  }
  return out;
}

}  // namespace omega::fib
