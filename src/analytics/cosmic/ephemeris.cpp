#include "analytics/cosmic/ephemeris.hpp"

#include <array>
#include <cmath>
#include <mutex>

// libnova carries the full VSOP87 planetary series, ELP2000-82B and Meeus's Pluto; ERFA
// carries the Earth (eraEpv00), precession-nutation (IAU 2006/2000B) and aberration.
#include <erfa.h>
#include <libnova/libnova.h>

#include "analytics/cosmic/time_scales.hpp"

namespace omega::cosmic {

namespace {

using Vec3 = std::array<double, 3>;

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;
constexpr double kRadToDeg = 180.0 / kPi;
constexpr double kAuKm = 149597870.7;
constexpr double kSecondsPerDay = 86400.0;
// Light time for one astronomical unit (IAU 2012 au, c), in days.
constexpr double kLightDaysPerAu = 499.004783836 / kSecondsPerDay;
// Mean Earth-Moon light time (1.28 s). Using the mean instead of the actual distance moves the
// Moon by under 0.1 km (0.05"), and saves a second evaluation of ELP2000-82B.
constexpr double kMoonLightTimeDays = 384400.0 / 299792.458 / kSecondsPerDay;
constexpr double kSpeedStepDays = 1.0 / 24.0;

double norm(const Vec3& v) {
  return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

Vec3 sub(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}

Vec3 unit(const Vec3& v) {
  const double n = norm(v);
  return {v[0] / n, v[1] / n, v[2] / n};
}

// Rotation from the ICRS equator to the mean ecliptic and equinox of J2000 (IAU 2006).
struct J2000Ecliptic {
  mutable double rm[3][3];  // ERFA takes non-const matrices though it only reads them
  J2000Ecliptic() { eraEcm06(kJdJ2000, 0.0, rm); }
};

const J2000Ecliptic& j2000_ecliptic() {
  static const J2000Ecliptic rotation;
  return rotation;
}

// Converts a vector in the J2000 ecliptic (the VSOP87 and ELP frame) to the ICRS equator.
Vec3 ecliptic_j2000_to_icrs(const Vec3& v) {
  double in[3] = {v[0], v[1], v[2]};
  double out[3];
  eraTrxp(j2000_ecliptic().rm, in, out);
  return {out[0], out[1], out[2]};
}

// libnova keeps a one-entry cache per planet in static variables (cJD, cL, cB, cR), so two
// threads calling it at once could read one date's longitude with another's latitude. Every
// libnova call goes through this lock; ERFA is free of static state.
std::mutex& libnova_mutex() {
  static std::mutex mutex;
  return mutex;
}

Vec3 spherical_to_vec(double lon_deg, double lat_deg, double r) {
  const double l = lon_deg * kDegToRad;
  const double b = lat_deg * kDegToRad;
  return {r * std::cos(b) * std::cos(l), r * std::cos(b) * std::sin(l), r * std::sin(b)};
}

// Returns the heliocentric position of a planet in the ICRS frame, AU.
Vec3 planet_heliocentric(Body body, double jd_tt, Precision precision) {
  if (precision == Precision::kFast && body != Body::kPluto) {
    int np = 0;
    switch (body) {
      case Body::kMercury:
        np = 1;
        break;
      case Body::kVenus:
        np = 2;
        break;
      case Body::kMars:
        np = 4;
        break;
      case Body::kJupiter:
        np = 5;
        break;
      case Body::kSaturn:
        np = 6;
        break;
      case Body::kUranus:
        np = 7;
        break;
      case Body::kNeptune:
        np = 8;
        break;
      default:
        OMEGA_UNREACHABLE("not a planet");
    }
    double pv[2][3];
    (void)eraPlan94(jd_tt, 0.0, np, pv);  // status 1 only warns of a date outside 1000-3000
    return {pv[0][0], pv[0][1], pv[0][2]};
  }
  ln_helio_posn h{};
  const std::lock_guard<std::mutex> lock(libnova_mutex());
  switch (body) {
    case Body::kMercury:
      ln_get_mercury_helio_coords(jd_tt, &h);
      break;
    case Body::kVenus:
      ln_get_venus_helio_coords(jd_tt, &h);
      break;
    case Body::kMars:
      ln_get_mars_helio_coords(jd_tt, &h);
      break;
    case Body::kJupiter:
      ln_get_jupiter_helio_coords(jd_tt, &h);
      break;
    case Body::kSaturn:
      ln_get_saturn_helio_coords(jd_tt, &h);
      break;
    case Body::kUranus:
      ln_get_uranus_helio_coords(jd_tt, &h);
      break;
    case Body::kNeptune:
      ln_get_neptune_helio_coords(jd_tt, &h);
      break;
    case Body::kPluto:
      ln_get_pluto_helio_coords(jd_tt, &h);
      break;
    default:
      OMEGA_UNREACHABLE("not a planet");
  }
  return ecliptic_j2000_to_icrs(spherical_to_vec(h.L, h.B, h.R));
}

// Returns the geometric geocentric Moon in the ICRS frame, AU.
Vec3 moon_geocentric(double jd_tt, Precision precision) {
  if (precision == Precision::kFast) {
    double pv[2][3];
    eraMoon98(jd_tt, 0.0, pv);
    return {pv[0][0], pv[0][1], pv[0][2]};
  }
  ln_rect_posn m{};
  {
    const std::lock_guard<std::mutex> lock(libnova_mutex());
    ln_get_lunar_geo_posn(jd_tt, &m, 0.0);
  }
  return ecliptic_j2000_to_icrs({m.X / kAuKm, m.Y / kAuKm, m.Z / kAuKm});
}

// Rotates an ICRS direction to the true ecliptic and equinox of date and returns lon/lat.
EclipticPosition to_ecliptic_of_date(const Vec3& icrs, double distance_au, double jd_tt) {
  double rm[3][3];
  eraEcm06(jd_tt, 0.0, rm);
  double in[3] = {icrs[0], icrs[1], icrs[2]};
  double out[3];
  eraRxp(rm, in, out);
  // IAU 2000B nutation: within 1 mas of IAU 2000A over 1995-2050 at a tenth of the cost (the
  // 2000A series was 80% of a Sun position), and the model the reference ephemeris uses.
  double dpsi = 0.0;
  double deps = 0.0;
  eraNut00b(jd_tt, 0.0, &dpsi, &deps);
  // Nutation in longitude moves the equinox along the ecliptic; latitude is unchanged.
  const double lon = std::atan2(out[1], out[0]) + dpsi;
  const double lat = std::atan2(out[2], std::hypot(out[0], out[1]));
  return EclipticPosition{normalize_degrees(lon * kRadToDeg), lat * kRadToDeg, distance_au};
}

}  // namespace

double normalize_degrees(double x) {
  double r = std::fmod(x, 360.0);
  if (r < 0.0) {
    r += 360.0;
  }
  return r >= 360.0 ? 0.0 : r;
}

double signed_degrees(double x) {
  const double r = normalize_degrees(x);
  return r >= 180.0 ? r - 360.0 : r;
}

EclipticPosition apparent_position(Body body, double jd_tt, Precision precision) {
  double pvh[2][3];
  double pvb[2][3];
  (void)eraEpv00(jd_tt, 0.0, pvh, pvb);  // status 1 only warns of a date outside 1900-2100
  const Vec3 earth = {pvh[0][0], pvh[0][1], pvh[0][2]};

  if (body == Body::kMoon) {
    // Apparent Moon = geometric geocentric Moon at t - light time: the Earth's own motion during
    // the light time and the annual aberration cancel to first order.
    const Vec3 g = moon_geocentric(jd_tt - kMoonLightTimeDays, precision);
    return to_ecliptic_of_date(g, norm(g), jd_tt);
  }

  Vec3 geo{};
  Vec3 helio{};
  if (body == Body::kSun) {
    // In heliocentric coordinates the Sun does not move; its barycentric motion during the
    // 8-minute light time is 7 km (0.01"), neglected.
    geo = {-earth[0], -earth[1], -earth[2]};
  } else {
    helio = planet_heliocentric(body, jd_tt, precision);
    double tau = norm(sub(helio, earth)) * kLightDaysPerAu;
    for (int pass = 0; pass < 2; ++pass) {
      helio = planet_heliocentric(body, jd_tt - tau, precision);
      tau = norm(sub(helio, earth)) * kLightDaysPerAu;
    }
    geo = sub(helio, earth);
  }
  const double distance = norm(geo);
  double p[3] = {geo[0] / distance, geo[1] / distance, geo[2] / distance};
  const double sun_earth = norm(earth);

  if (body != Body::kSun) {
    // Gravitational deflection by the Sun: 1.75" at the limb, milliarcseconds elsewhere.
    const Vec3 q = unit(helio);
    const Vec3 e = unit(earth);
    double qa[3] = {q[0], q[1], q[2]};
    double ea[3] = {e[0], e[1], e[2]};
    double deflected[3];
    eraLd(1.0, p, qa, ea, sun_earth, 1e-6, deflected);
    p[0] = deflected[0];
    p[1] = deflected[1];
    p[2] = deflected[2];
  }

  // Annual aberration from the Earth's barycentric velocity (relativistic form).
  double v[3];
  double v2 = 0.0;
  for (int i = 0; i < 3; ++i) {
    v[i] = pvb[1][i] * kLightDaysPerAu;
    v2 += v[i] * v[i];
  }
  double aberrated[3];
  eraAb(p, v, sun_earth, std::sqrt(1.0 - v2), aberrated);
  return to_ecliptic_of_date({aberrated[0], aberrated[1], aberrated[2]}, distance, jd_tt);
}

double longitude_speed(Body body, double jd_tt, Precision precision) {
  const double before = apparent_position(body, jd_tt - kSpeedStepDays, precision).lon_deg;
  const double after = apparent_position(body, jd_tt + kSpeedStepDays, precision).lon_deg;
  return signed_degrees(after - before) / (2.0 * kSpeedStepDays);
}

BodyState body_state(Body body, double jd_tt, Precision precision) {
  const EclipticPosition before = apparent_position(body, jd_tt - kSpeedStepDays, precision);
  const EclipticPosition now = apparent_position(body, jd_tt, precision);
  const EclipticPosition after = apparent_position(body, jd_tt + kSpeedStepDays, precision);
  BodyState state;
  state.body = body;
  state.position = now;
  state.lon_speed_deg_per_day =
      signed_degrees(after.lon_deg - before.lon_deg) / (2.0 * kSpeedStepDays);
  state.lat_speed_deg_per_day = (after.lat_deg - before.lat_deg) / (2.0 * kSpeedStepDays);
  return state;
}

}  // namespace omega::cosmic
