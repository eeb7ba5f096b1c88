// Provides Rounding: how exact decimal arithmetic drops digits it cannot keep.
#pragma once

#include <cstdint>
#include <string_view>

namespace omega {

// Names follow java.math.RoundingMode so that "down" and "up" mean the same thing for negative
// values as for positive ones (toward / away from zero); use kFloor / kCeil for the number line.
enum class Rounding : std::uint8_t {
  kDown,      // toward zero (truncate): -1.27 -> -1.2, 1.27 -> 1.2
  kUp,        // away from zero: -1.21 -> -1.3, 1.21 -> 1.3
  kFloor,     // toward negative infinity: -1.21 -> -1.3, 1.27 -> 1.2
  kCeil,      // toward positive infinity: -1.27 -> -1.2, 1.21 -> 1.3
  kHalfEven,  // nearest, ties to the even neighbour (banker's rounding): 1.25 -> 1.2, 1.35 -> 1.4
  kHalfUp,    // nearest, ties away from zero: 1.25 -> 1.3, -1.25 -> -1.3
  kExact,     // refuses (kOutOfRange) any operation that would drop a non-zero digit
};

// Returns the stable lower-case name of a mode, e.g. "half_even".
std::string_view to_string(Rounding rounding);

}  // namespace omega
