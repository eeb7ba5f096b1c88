// Provides the time scales the ephemeris needs: UTC <-> TAI (leap seconds) <-> TT as Julian
// dates, and Delta T (TT - UT1).
#pragma once

#include "core/time.hpp"

namespace omega::cosmic {

// Julian date of the Unix epoch 1970-01-01T00:00:00 UTC.
inline constexpr double kJdUnixEpoch = 2440587.5;
// Julian date of J2000.0 (2000-01-01T12:00:00 TT).
inline constexpr double kJdJ2000 = 2451545.0;
// TT - TAI, exact by definition.
inline constexpr double kTtMinusTaiSeconds = 32.184;

// Returns TAI - UTC in seconds at a UTC instant, from the IERS leap-second table carried by
// ERFA (eraDat); before 1960 it returns the 1960 value, since UTC did not exist earlier.
double tai_minus_utc_seconds(Timestamp utc);

// Returns TT - UTC in seconds at a UTC instant.
double tt_minus_utc_seconds(Timestamp utc);

// Returns Delta T = TT - UT1 in seconds. UT1 is taken as UTC (|UT1 - UTC| < 0.9 s by IERS
// rule); nothing in a geocentric ecliptic position depends on Earth rotation.
double delta_t_seconds(Timestamp utc);

// Returns the Julian date in TT of a UTC instant.
double jd_tt_from_utc(Timestamp utc);

// Returns the UTC instant of a Julian date in TT; a double Julian date resolves 40 us.
Timestamp utc_from_jd_tt(double jd_tt);

}  // namespace omega::cosmic
