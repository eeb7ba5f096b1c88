// Provides fractal_pivots: Bill Williams style pivots, a bar whose high (low) beats `left` bars
// before it and `right` bars after it, confirmed `right` bars later.
#pragma once

#include <span>
#include <vector>

#include "analytics/fibonacci/swing.hpp"

namespace omega::fib {

// Finds fractal pivots: high[p] > every high in [p-left, p) and >= every high in (p, p+right]
// (so the first of equal tops wins), mirrored for lows. The swing is confirmed at p + right.
// Highs and lows need not alternate; a bar can be both. Ordered by confirmed_index, highs first.
std::vector<Swing> fractal_pivots(std::span<const double> high, std::span<const double> low,
                                  int left, int right);

}  // namespace omega::fib
