// Provides retrograde motion: the station instants (longitude speed crosses zero) of a planet
// between two dates, the retrograde periods they bound, and is_retrograde(planet, t).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "analytics/cosmic/body.hpp"
#include "core/time.hpp"

namespace omega::cosmic {

// Which way the longitude speed crosses zero.
enum class StationKind : std::uint8_t {
  kRetrograde,  // speed + to -: the planet starts moving backwards
  kDirect,      // speed - to +: it resumes direct motion
};

// Returns "station_retrograde" or "station_direct".
std::string_view to_string(StationKind kind);

// An instant when a planet's apparent longitude stands still.
struct Station {
  Body body = Body::kMercury;
  StationKind kind = StationKind::kRetrograde;
  double jd_tt = 0.0;
  Timestamp utc;
  double lon_deg = 0.0;  // apparent longitude at the station
};

// A station retrograde and the next station direct.
struct RetrogradePeriod {
  Body body = Body::kMercury;
  Station start;
  Station end;
};

// Returns every station of `body` (a planet) in [from, to], in time order.
std::vector<Station> find_stations(Body body, double jd_tt_from, double jd_tt_to);

// Returns every retrograde period (station retrograde to the next station direct) that overlaps
// [from, to], including one already under way at `from` or still under way at `to`: a user asking
// about a month wants the retrograde that is running in it.
std::vector<RetrogradePeriod> retrograde_periods(Body body, double jd_tt_from, double jd_tt_to);

// Returns true when `body`'s apparent longitude decreases at a Julian date in TT.
bool is_retrograde(Body body, double jd_tt);

}  // namespace omega::cosmic
