#include "analytics/cosmic/aspects.hpp"

#include <algorithm>
#include <cmath>

#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/root_finding.hpp"
#include "analytics/cosmic/time_scales.hpp"

namespace omega::cosmic {

namespace {

constexpr double kSolveTolDays = 1.0 / 86400.0;
// A wrap of a signed angle jumps by about 360 degrees; real motion never exceeds 30 per step.
constexpr double kMaxJumpDeg = 90.0;

// Sampling steps keep the relative motion per step well under the smallest aspect spacing.
double scan_step_days(Body a, Body b) {
  return (a == Body::kMoon || b == Body::kMoon) ? 0.25 : 1.0;
}

double lon(Body body, double jd_tt, Precision precision) {
  return apparent_position(body, jd_tt, precision).lon_deg;
}

}  // namespace

std::string_view to_string(AspectKind kind) {
  switch (kind) {
    case AspectKind::kConjunction: return "conjunction";
    case AspectKind::kSextile: return "sextile";
    case AspectKind::kSquare: return "square";
    case AspectKind::kTrine: return "trine";
    case AspectKind::kOpposition: return "opposition";
  }
  OMEGA_UNREACHABLE("unknown AspectKind");
}

double aspect_angle_deg(AspectKind kind) {
  switch (kind) {
    case AspectKind::kConjunction: return 0.0;
    case AspectKind::kSextile: return 60.0;
    case AspectKind::kSquare: return 90.0;
    case AspectKind::kTrine: return 120.0;
    case AspectKind::kOpposition: return 180.0;
  }
  OMEGA_UNREACHABLE("unknown AspectKind");
}

std::string_view sign_name(int sign) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "aries", "taurus",  "gemini",  "cancer",    "leo",      "virgo",
      "libra", "scorpio", "sagittarius", "capricorn", "aquarius", "pisces"};
  OMEGA_ASSERT(sign >= 0 && sign < 12, "sign out of range");
  return kNames[static_cast<std::size_t>(sign)];
}

std::vector<Aspect> aspects_at(double jd_tt, const std::vector<Body>& bodies,
                               const AspectOrbs& orbs) {
  constexpr double kDt = 1.0 / 24.0;
  std::vector<double> now;
  std::vector<double> later;
  for (Body b : bodies) {
    now.push_back(lon(b, jd_tt, Precision::kFull));
    later.push_back(lon(b, jd_tt + kDt, Precision::kFull));
  }
  std::vector<Aspect> out;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    for (std::size_t j = i + 1; j < bodies.size(); ++j) {
      const double sep = std::abs(signed_degrees(now[i] - now[j]));
      const double sep_later = std::abs(signed_degrees(later[i] - later[j]));
      for (AspectKind kind : kAllAspects) {
        const double orb = std::abs(sep - aspect_angle_deg(kind));
        if (orb <= orbs.orb(kind)) {
          const double orb_later = std::abs(sep_later - aspect_angle_deg(kind));
          out.push_back(Aspect{bodies[i], bodies[j], kind, sep, orb, orb_later < orb});
        }
      }
    }
  }
  return out;
}

std::vector<AspectEvent> find_exact_aspects(double jd_tt_from, double jd_tt_to,
                                            const std::vector<Body>& bodies) {
  std::vector<AspectEvent> out;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    for (std::size_t j = i + 1; j < bodies.size(); ++j) {
      const Body a = bodies[i];
      const Body b = bodies[j];
      // Signed targets: a trine can be reached with either body ahead.
      for (double target : {0.0, 60.0, -60.0, 90.0, -90.0, 120.0, -120.0, 180.0}) {
        const auto diff = [a, b, target](double t, Precision p) {
          return signed_degrees(lon(a, t, p) - lon(b, t, p) - target);
        };
        const TimeFunction fast = [&diff](double t) { return diff(t, Precision::kFast); };
        const TimeFunction full = [&diff](double t) { return diff(t, Precision::kFull); };
        for (const Bracket& br :
             scan_sign_changes(fast, jd_tt_from, jd_tt_to, scan_step_days(a, b), kMaxJumpDeg)) {
          const auto refined = refine_bracket(full, br, scan_step_days(a, b), 1, kSolveTolDays);
          if (!refined) {
            continue;  // a graze the fast theory saw but the full one does not
          }
          const double root = *refined;
          const double abs_target = std::abs(target);
          AspectKind kind = AspectKind::kConjunction;
          for (AspectKind k : kAllAspects) {
            if (aspect_angle_deg(k) == abs_target) {
              kind = k;
            }
          }
          out.push_back(AspectEvent{a, b, kind, root, utc_from_jd_tt(root)});
        }
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const AspectEvent& x, const AspectEvent& y) { return x.jd_tt < y.jd_tt; });
  return out;
}

std::vector<Ingress> find_ingresses(Body body, double jd_tt_from, double jd_tt_to) {
  std::vector<Ingress> out;
  const double step = body == Body::kMoon ? 0.5 : 2.0;
  for (int sign = 0; sign < 12; ++sign) {
    const double cusp = 30.0 * sign;
    const TimeFunction fast = [body, cusp](double t) {
      return signed_degrees(lon(body, t, Precision::kFast) - cusp);
    };
    const TimeFunction full = [body, cusp](double t) {
      return signed_degrees(lon(body, t, Precision::kFull) - cusp);
    };
    for (const Bracket& br : scan_sign_changes(fast, jd_tt_from, jd_tt_to, step, kMaxJumpDeg)) {
      const auto refined = refine_bracket(full, br, step, 1, kSolveTolDays);
      if (!refined) {
        continue;
      }
      const double root = *refined;
      // Moving backwards across a cusp enters the sign below it.
      const bool backwards = longitude_speed(body, root) < 0.0;
      const int entered = backwards ? (sign + 11) % 12 : sign;
      out.push_back(Ingress{body, entered, backwards, root, utc_from_jd_tt(root)});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Ingress& x, const Ingress& y) { return x.jd_tt < y.jd_tt; });
  return out;
}

}  // namespace omega::cosmic
