// Provides align_price: where a price sits in a level set (nearest level, the levels either
// side, and the distance in price, percent, ticks and ATRs) for position analysis.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "analytics/fibonacci/levels.hpp"

namespace omega::fib {

// The position of a price relative to a set of levels.
struct Alignment {
  std::size_t nearest = 0;           // index of the nearest level in the input
  double distance = 0.0;             // price - nearest level price (signed)
  double distance_pct = 0.0;         // distance / level price x 100 (0 when the level is 0)
  double distance_ticks = 0.0;       // distance / tick size (NaN without a tick size)
  double distance_atr = 0.0;         // distance / ATR (NaN without a positive ATR)
  std::optional<std::size_t> below;  // the highest level at or under the price
  std::optional<std::size_t> above;  // the lowest level strictly over the price
};

// Aligns `price` to `levels`; empty when there are no levels. `tick_size` and `atr` may be 0 or
// NaN when unknown. Ties go to the first level in input order.
std::optional<Alignment> align_price(double price, std::span<const FibLevel> levels,
                                     double tick_size, double atr);

}  // namespace omega::fib
