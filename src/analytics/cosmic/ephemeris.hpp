// Provides the geocentric apparent ecliptic position of a body (true equinox and ecliptic of
// date: light-time, light deflection, aberration, precession and nutation) and its daily speed.
#pragma once

#include "analytics/cosmic/body.hpp"

namespace omega::cosmic {

// Chooses between the full theories and fast compact ones used to bracket roots.
enum class Precision : std::uint8_t {
  kFull,  // VSOP87, ELP2000-82B, Meeus ch. 37 Pluto, ERFA Earth: sub-arcsecond class
  kFast,  // ERFA Moon98 and Plan94: tens of arcseconds, used only to bracket a root
};

// An apparent geocentric position in the true ecliptic and equinox of date.
struct EclipticPosition {
  double lon_deg = 0.0;      // longitude in [0, 360)
  double lat_deg = 0.0;      // latitude in [-90, 90]
  double distance_au = 0.0;  // geometric distance at the retarded time, astronomical units
};

// A position together with its rates of change.
struct BodyState {
  Body body = Body::kSun;
  EclipticPosition position;
  double lon_speed_deg_per_day = 0.0;
  double lat_speed_deg_per_day = 0.0;
  // Returns true when the longitude decreases (apparent retrograde motion).
  bool retrograde() const { return lon_speed_deg_per_day < 0.0; }
};

// Returns the apparent geocentric ecliptic position of `body` at a Julian date in TT. Safe to
// call from several threads (libnova's calls are serialised; see ephemeris.cpp).
EclipticPosition apparent_position(Body body, double jd_tt, Precision precision = Precision::kFull);

// Returns the apparent longitude speed in degrees per day (central difference over +-1 hour).
double longitude_speed(Body body, double jd_tt, Precision precision = Precision::kFull);

// Returns position and speeds of `body` at a Julian date in TT.
BodyState body_state(Body body, double jd_tt, Precision precision = Precision::kFull);

// Returns x reduced to [0, 360).
double normalize_degrees(double x);

// Returns x reduced to [-180, 180).
double signed_degrees(double x);

}  // namespace omega::cosmic
