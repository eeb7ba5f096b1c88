// Provides Body: the Sun, the Moon and the planets the cosmic module follows, with their names.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace omega::cosmic {

// A body whose geocentric apparent position the ephemeris computes.
enum class Body : std::uint8_t {
  kSun,
  kMoon,
  kMercury,
  kVenus,
  kMars,
  kJupiter,
  kSaturn,
  kUranus,
  kNeptune,
  kPluto,
};

inline constexpr std::size_t kBodyCount = 10;

// Lists every body in the order of the enum.
inline constexpr std::array<Body, kBodyCount> kAllBodies = {
    Body::kSun,     Body::kMoon,   Body::kMercury, Body::kVenus,   Body::kMars,
    Body::kJupiter, Body::kSaturn, Body::kUranus,  Body::kNeptune, Body::kPluto};

// Returns the stable lower-case name, e.g. "mercury".
std::string_view to_string(Body body);

// Parses a lower- or mixed-case name such as "Mercury"; fails on an unknown name.
Result<Body> parse_body(std::string_view name);

// Returns true for the bodies that can appear retrograde (every planet; not the Sun or Moon).
constexpr bool can_retrograde(Body body) {
  return body != Body::kSun && body != Body::kMoon;
}

}  // namespace omega::cosmic
