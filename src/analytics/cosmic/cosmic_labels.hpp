// Provides the cosmic factors of a bar series as masks: the Moon's phase bin, Mercury, Venus
// and Mars retrograde, and each major aspect among the Sun and the planets to Saturn.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace omega::cosmic {

// Marks which bars a factor holds for (1) and which not (0).
struct FactorMask {
  std::string name;  // e.g. "moon_phase=full_moon", "mercury_retrograde", "aspect=square"
  std::vector<std::uint8_t> in;
};

// Returns every factor's mask for bars opening at the given UTC instants (ns since the epoch).
// Factors are evaluated once per hour of bar time with the fast theories: a bin boundary is
// then placed to within a minute or two, which cannot matter to a daily or hourly study.
std::vector<FactorMask> cosmic_factor_masks(std::span<const std::int64_t> bar_open_ns);

}  // namespace omega::cosmic
