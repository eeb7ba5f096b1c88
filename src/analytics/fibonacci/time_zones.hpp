// Provides fib_time_zones: the bars at Fibonacci multiples of a swing's length after its start.
#pragma once

#include <cstddef>
#include <vector>

namespace omega::fib {

// Returns anchor + unit x F for F in 0, 1, 2, 3, 5, 8, 13, 21, ... (the repeated 1 dropped)
// while the bar is below `limit`; e.g. the anchor is a swing's pivot and the unit the bars to the
// next swing. A unit of 0 gives just the anchor.
std::vector<std::size_t> fib_time_zones(std::size_t anchor, std::size_t unit, std::size_t limit);

}  // namespace omega::fib
