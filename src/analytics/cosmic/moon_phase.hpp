// Provides the Moon's phase: elongation, phase angle, illuminated fraction, name and age, and
// the exact instants of the four principal phases between two dates.
#pragma once

#include <string_view>
#include <vector>

#include "analytics/cosmic/ephemeris.hpp"
#include "core/time.hpp"

namespace omega::cosmic {

// One of the eight conventional phase names, each centred on a multiple of 45 degrees.
enum class MoonPhaseName : std::uint8_t {
  kNewMoon,
  kWaxingCrescent,
  kFirstQuarter,
  kWaxingGibbous,
  kFullMoon,
  kWaningGibbous,
  kLastQuarter,
  kWaningCrescent,
};

// One of the four principal phases (the Moon-Sun elongation is 0, 90, 180 or 270 degrees).
enum class PrincipalPhase : std::uint8_t { kNewMoon, kFirstQuarter, kFullMoon, kLastQuarter };

// Returns "new_moon", "waxing_crescent", ... (the reference tables use the same names).
std::string_view to_string(MoonPhaseName name);
std::string_view to_string(PrincipalPhase phase);

// The Moon's phase at one instant.
struct MoonPhase {
  double elongation_deg = 0.0;        // apparent lambda(Moon) - lambda(Sun) in [0, 360)
  double phase_angle_deg = 0.0;       // Sun-Moon-Earth angle, 0 at full moon
  double illuminated_fraction = 0.0;  // (1 + cos(phase angle)) / 2
  MoonPhaseName name = MoonPhaseName::kNewMoon;
  double age_days = 0.0;  // time since the previous new moon
  bool waxing = true;
};

// An exact principal phase.
struct PhaseEvent {
  PrincipalPhase phase = PrincipalPhase::kNewMoon;
  double jd_tt = 0.0;
  Timestamp utc;
};

// Returns the phase at a Julian date in TT.
MoonPhase moon_phase(double jd_tt);

// Returns the phase from apparent Moon and Sun positions already computed for `jd_tt`.
MoonPhase moon_phase_from(const EclipticPosition& moon, const EclipticPosition& sun, double jd_tt);

// Returns the elongation in [0, 360) at a Julian date in TT (full theories).
double moon_sun_elongation(double jd_tt);

// Returns every principal phase in [from, to], in time order, each to about 0.1 s of the
// theories' own instant.
std::vector<PhaseEvent> find_moon_phases(double jd_tt_from, double jd_tt_to);

}  // namespace omega::cosmic
