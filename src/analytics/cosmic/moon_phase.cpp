#include "analytics/cosmic/moon_phase.hpp"

#include <algorithm>
#include <cmath>

#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/root_finding.hpp"
#include "analytics/cosmic/time_scales.hpp"

namespace omega::cosmic {

namespace {

constexpr double kDegToRad = 3.14159265358979323846 / 180.0;
constexpr double kMeanSynodicRateDegPerDay = 360.0 / 29.530588861;
// One sample per day keeps the elongation change (11-15 degrees) far below the 90-degree
// spacing of the principal phases.
constexpr double kScanStepDays = 1.0;
// The fast root is within ~40 s of the full one and the fast rate is good to ~1e-3, so one
// Newton step on the full theories lands within ~0.05 s; the tests bound the result against
// DE441. Each step costs an ELP2000-82B evaluation, the bulk of the search time.
constexpr double kPolishTolDays = 0.1 / 86400.0;
constexpr int kPolishSteps = 1;
constexpr double kSolveTolDays = 1e-7;

double elongation(double jd_tt, Precision precision) {
  return normalize_degrees(apparent_position(Body::kMoon, jd_tt, precision).lon_deg -
                           apparent_position(Body::kSun, jd_tt, precision).lon_deg);
}

MoonPhaseName name_of(double elongation_deg) {
  const auto octant = static_cast<int>(std::floor(normalize_degrees(elongation_deg + 22.5) / 45.0));
  return static_cast<MoonPhaseName>(octant % 8);
}

}  // namespace

std::string_view to_string(MoonPhaseName name) {
  switch (name) {
    case MoonPhaseName::kNewMoon:
      return "new_moon";
    case MoonPhaseName::kWaxingCrescent:
      return "waxing_crescent";
    case MoonPhaseName::kFirstQuarter:
      return "first_quarter";
    case MoonPhaseName::kWaxingGibbous:
      return "waxing_gibbous";
    case MoonPhaseName::kFullMoon:
      return "full_moon";
    case MoonPhaseName::kWaningGibbous:
      return "waning_gibbous";
    case MoonPhaseName::kLastQuarter:
      return "last_quarter";
    case MoonPhaseName::kWaningCrescent:
      return "waning_crescent";
  }
  OMEGA_UNREACHABLE("unknown MoonPhaseName");
}

std::string_view to_string(PrincipalPhase phase) {
  switch (phase) {
    case PrincipalPhase::kNewMoon:
      return "new_moon";
    case PrincipalPhase::kFirstQuarter:
      return "first_quarter";
    case PrincipalPhase::kFullMoon:
      return "full_moon";
    case PrincipalPhase::kLastQuarter:
      return "last_quarter";
  }
  OMEGA_UNREACHABLE("unknown PrincipalPhase");
}

double moon_sun_elongation(double jd_tt) {
  return elongation(jd_tt, Precision::kFull);
}

MoonPhase moon_phase(double jd_tt) {
  return moon_phase_from(apparent_position(Body::kMoon, jd_tt),
                         apparent_position(Body::kSun, jd_tt), jd_tt);
}

MoonPhase moon_phase_from(const EclipticPosition& moon, const EclipticPosition& sun, double jd_tt) {
  MoonPhase out;
  out.elongation_deg = normalize_degrees(moon.lon_deg - sun.lon_deg);
  // Meeus eq. 48.2-48.3: geocentric elongation psi, then the phase angle from the distances.
  const double cos_psi =
      std::cos(moon.lat_deg * kDegToRad) * std::cos((moon.lon_deg - sun.lon_deg) * kDegToRad);
  const double psi = std::acos(std::clamp(cos_psi, -1.0, 1.0));
  const double i = std::atan2(sun.distance_au * std::sin(psi),
                              moon.distance_au - sun.distance_au * std::cos(psi));
  out.phase_angle_deg = i / kDegToRad;
  out.illuminated_fraction = (1.0 + std::cos(i)) / 2.0;
  out.name = name_of(out.elongation_deg);
  out.waxing = out.elongation_deg < 180.0;
  // Age: back to the previous new moon, found with the fast theories (a minute is plenty).
  const TimeFunction f = [](double t) { return signed_degrees(elongation(t, Precision::kFast)); };
  const double guess = jd_tt - out.elongation_deg / kMeanSynodicRateDegPerDay;
  double a = guess - 1.5;
  double b = std::min(guess + 1.5, jd_tt);
  double fa = f(a);
  double fb = f(b);
  if (fa * fb <= 0.0 && a < b) {
    out.age_days = jd_tt - solve_bracketed(f, a, b, fa, fb, 1e-4);
  } else {
    out.age_days = jd_tt - guess;
  }
  return out;
}

std::vector<PhaseEvent> find_moon_phases(double jd_tt_from, double jd_tt_to) {
  std::vector<PhaseEvent> out;
  double prev_t = jd_tt_from;
  double prev_e = elongation(prev_t, Precision::kFast);
  while (prev_t < jd_tt_to) {
    const double t = std::min(prev_t + kScanStepDays, jd_tt_to);
    const double e = elongation(t, Precision::kFast);
    double unwrapped = e;
    if (unwrapped < prev_e) {
      unwrapped += 360.0;
    }
    // Every multiple of 90 degrees passed in this step is one principal phase.
    for (double target = std::ceil(prev_e / 90.0) * 90.0; target <= unwrapped; target += 90.0) {
      if (target == prev_e && prev_t > jd_tt_from) {
        continue;  // counted at the end of the previous step
      }
      const double target_mod = normalize_degrees(target);
      const TimeFunction fast = [target_mod](double x) {
        return signed_degrees(elongation(x, Precision::kFast) - target_mod);
      };
      const double fa = fast(prev_t);
      const double fb = fast(t);
      double root = solve_bracketed(fast, prev_t, t, fa, fb, kSolveTolDays);
      const double rate = (fast(root + 0.01) - fast(root - 0.01)) / 0.02;
      const TimeFunction full = [target_mod](double x) {
        return signed_degrees(elongation(x, Precision::kFull) - target_mod);
      };
      root = polish_root(full, root, rate, kPolishTolDays, kPolishSteps);
      if (root < jd_tt_from || root > jd_tt_to) {
        continue;
      }
      PhaseEvent ev;
      ev.phase = static_cast<PrincipalPhase>(static_cast<int>(std::lround(target_mod / 90.0)) % 4);
      ev.jd_tt = root;
      ev.utc = utc_from_jd_tt(root);
      out.push_back(ev);
    }
    prev_t = t;
    prev_e = e;
  }
  return out;
}

}  // namespace omega::cosmic
