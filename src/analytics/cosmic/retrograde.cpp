#include "analytics/cosmic/retrograde.hpp"

#include <algorithm>
#include <cmath>

#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/root_finding.hpp"
#include "analytics/cosmic/time_scales.hpp"

namespace omega::cosmic {

namespace {

// Mercury's shortest retrograde arc lasts about 19 days; sampling every 2 days sees the speed
// negative at several samples of every period, for every planet.
constexpr double kScanStepDays = 2.0;
// A station is ill-conditioned (the speed is flat there); 1e-4 day (9 s) is far below what any
// two theories agree on.
constexpr double kSolveTolDays = 1e-4;

}  // namespace

std::string_view to_string(StationKind kind) {
  return kind == StationKind::kRetrograde ? "station_retrograde" : "station_direct";
}

std::vector<Station> find_stations(Body body, double jd_tt_from, double jd_tt_to) {
  OMEGA_ASSERT(can_retrograde(body), "only planets have stations");
  std::vector<Station> out;
  const TimeFunction fast = [body](double t) { return longitude_speed(body, t, Precision::kFast); };
  const TimeFunction full = [body](double t) { return longitude_speed(body, t, Precision::kFull); };
  // Speeds never jump, so any sign change is a station.
  const auto brackets = scan_sign_changes(fast, jd_tt_from, jd_tt_to, kScanStepDays, 1e9);
  for (const Bracket& br : brackets) {
    const auto refined = refine_bracket(full, br, kScanStepDays, 2, kSolveTolDays);
    if (!refined || *refined < jd_tt_from || *refined > jd_tt_to) {
      continue;
    }
    const double root = *refined;
    Station st;
    st.body = body;
    // The speed's sign just before the root tells which way it crosses.
    st.kind = full(root - 0.5) > 0.0 ? StationKind::kRetrograde : StationKind::kDirect;
    st.jd_tt = root;
    st.utc = utc_from_jd_tt(root);
    st.lon_deg = apparent_position(body, root).lon_deg;
    out.push_back(st);
  }
  return out;
}

std::vector<RetrogradePeriod> retrograde_periods(Body body, double jd_tt_from, double jd_tt_to) {
  // The longest retrograde of any body here (Pluto's) lasts about 165 days, so stations found this
  // far beyond either end close every period that overlaps the range.
  constexpr double kMaxRetrogradeDays = 170.0;
  std::vector<RetrogradePeriod> out;
  const std::vector<Station> stations =
      find_stations(body, jd_tt_from - kMaxRetrogradeDays, jd_tt_to + kMaxRetrogradeDays);
  for (std::size_t i = 0; i + 1 < stations.size(); ++i) {
    const Station& start = stations[i];
    const Station& end = stations[i + 1];
    if (start.kind == StationKind::kRetrograde && end.kind == StationKind::kDirect &&
        end.jd_tt >= jd_tt_from && start.jd_tt <= jd_tt_to) {
      out.push_back(RetrogradePeriod{body, start, end});
    }
  }
  return out;
}

bool is_retrograde(Body body, double jd_tt) {
  return can_retrograde(body) && longitude_speed(body, jd_tt) < 0.0;
}

}  // namespace omega::cosmic
