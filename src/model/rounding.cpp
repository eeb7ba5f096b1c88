#include "model/rounding.hpp"

namespace omega {

std::string_view to_string(Rounding rounding) {
  switch (rounding) {
    case Rounding::kDown:
      return "down";
    case Rounding::kUp:
      return "up";
    case Rounding::kFloor:
      return "floor";
    case Rounding::kCeil:
      return "ceil";
    case Rounding::kHalfEven:
      return "half_even";
    case Rounding::kHalfUp:
      return "half_up";
    case Rounding::kExact:
      return "exact";
  }
  return "unknown";
}

}  // namespace omega
