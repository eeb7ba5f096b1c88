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

std::vector<double> sample_times(double from, double to, double step) {
  std::vector<double> times;
  for (double t = from; t < to; t += step) {
    times.push_back(t);
  }
  times.push_back(to);
  return times;
}

std::vector<double> sample_longitudes(Body body, const std::vector<double>& times) {
  std::vector<double> out(times.size());
  for (std::size_t k = 0; k < times.size(); ++k) {
    out[k] = lon(body, times[k], Precision::kFast);
  }
  return out;
}

// Returns the sample intervals where g changes sign without wrapping around.
std::vector<Bracket> brackets_of(const std::vector<double>& times, const std::vector<double>& g) {
  std::vector<Bracket> out;
  for (std::size_t k = 0; k + 1 < times.size(); ++k) {
    const double fa = g[k];
    const double fb = g[k + 1];
    if (((fa < 0.0 && fb >= 0.0) || (fa > 0.0 && fb <= 0.0)) && std::abs(fb - fa) < kMaxJumpDeg) {
      out.push_back(Bracket{times[k], times[k + 1], fa, fb});
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(AspectKind kind) {
  switch (kind) {
    case AspectKind::kConjunction:
      return "conjunction";
    case AspectKind::kSextile:
      return "sextile";
    case AspectKind::kSquare:
      return "square";
    case AspectKind::kTrine:
      return "trine";
    case AspectKind::kOpposition:
      return "opposition";
  }
  OMEGA_UNREACHABLE("unknown AspectKind");
}

double aspect_angle_deg(AspectKind kind) {
  switch (kind) {
    case AspectKind::kConjunction:
      return 0.0;
    case AspectKind::kSextile:
      return 60.0;
    case AspectKind::kSquare:
      return 90.0;
    case AspectKind::kTrine:
      return 120.0;
    case AspectKind::kOpposition:
      return 180.0;
  }
  OMEGA_UNREACHABLE("unknown AspectKind");
}

std::string_view sign_name(int sign) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "aries", "taurus",  "gemini",      "cancer",    "leo",      "virgo",
      "libra", "scorpio", "sagittarius", "capricorn", "aquarius", "pisces"};
  OMEGA_ASSERT(sign >= 0 && sign < 12, "sign out of range");
  return kNames[static_cast<std::size_t>(sign)];
}

std::vector<Aspect> aspects_at(double jd_tt, const std::vector<Body>& bodies,
                               const AspectOrbs& orbs) {
  std::vector<BodyState> states;
  states.reserve(bodies.size());
  for (Body b : bodies) {
    states.push_back(body_state(b, jd_tt));
  }
  return aspects_from_states(states, orbs);
}

std::vector<Aspect> aspects_from_states(const std::vector<BodyState>& states,
                                        const AspectOrbs& orbs) {
  std::vector<Aspect> out;
  for (std::size_t i = 0; i < states.size(); ++i) {
    for (std::size_t j = i + 1; j < states.size(); ++j) {
      const BodyState& a = states[i];
      const BodyState& b = states[j];
      const double signed_sep = signed_degrees(a.position.lon_deg - b.position.lon_deg);
      const double sep = std::abs(signed_sep);
      // d(sep)/dt from the speeds; an instantaneous rate, so an aspect minutes from exact is
      // still applying (a finite step could jump past exactness).
      const double sep_rate =
          (signed_sep >= 0.0 ? 1.0 : -1.0) * (a.lon_speed_deg_per_day - b.lon_speed_deg_per_day);
      for (AspectKind kind : kAllAspects) {
        const double offset = sep - aspect_angle_deg(kind);
        const double orb = std::abs(offset);
        if (orb <= orbs.orb(kind)) {
          const double orb_rate = (offset >= 0.0 ? 1.0 : -1.0) * sep_rate;
          out.push_back(Aspect{a.body, b.body, kind, sep, orb, orb_rate < 0.0});
        }
      }
    }
  }
  return out;
}

std::vector<AspectEvent> find_exact_aspects(double jd_tt_from, double jd_tt_to,
                                            const std::vector<Body>& bodies) {
  std::vector<AspectEvent> out;
  const bool with_moon = std::find(bodies.begin(), bodies.end(), Body::kMoon) != bodies.end();
  const double step =
      with_moon ? scan_step_days(Body::kMoon, Body::kSun) : scan_step_days(Body::kSun, Body::kMars);
  // Each body is sampled once; every pair and target then reads the same samples.
  const std::vector<double> times = sample_times(jd_tt_from, jd_tt_to, step);
  std::vector<std::vector<double>> samples;
  samples.reserve(bodies.size());
  for (Body body : bodies) {
    samples.push_back(sample_longitudes(body, times));
  }
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    for (std::size_t j = i + 1; j < bodies.size(); ++j) {
      const Body a = bodies[i];
      const Body b = bodies[j];
      // Signed targets: a trine can be reached with either body ahead.
      for (double target : {0.0, 60.0, -60.0, 90.0, -90.0, 120.0, -120.0, 180.0}) {
        const TimeFunction full = [a, b, target](double t) {
          return signed_degrees(lon(a, t, Precision::kFull) - lon(b, t, Precision::kFull) - target);
        };
        std::vector<double> g(times.size());
        for (std::size_t k = 0; k < times.size(); ++k) {
          g[k] = signed_degrees(samples[i][k] - samples[j][k] - target);
        }
        for (const Bracket& br : brackets_of(times, g)) {
          const auto refined = refine_bracket(full, br, step, 1, kSolveTolDays);
          if (!refined) {
            continue;  // a graze the fast theory saw but the full one does not
          }
          const double abs_target = std::abs(target);
          AspectKind kind = AspectKind::kConjunction;
          for (AspectKind k : kAllAspects) {
            if (aspect_angle_deg(k) == abs_target) {
              kind = k;
            }
          }
          out.push_back(AspectEvent{a, b, kind, *refined, utc_from_jd_tt(*refined)});
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
  const std::vector<double> times = sample_times(jd_tt_from, jd_tt_to, step);
  const std::vector<double> samples = sample_longitudes(body, times);
  for (int sign = 0; sign < 12; ++sign) {
    const double cusp = 30.0 * sign;
    const TimeFunction full = [body, cusp](double t) {
      return signed_degrees(lon(body, t, Precision::kFull) - cusp);
    };
    std::vector<double> g(times.size());
    for (std::size_t k = 0; k < times.size(); ++k) {
      g[k] = signed_degrees(samples[k] - cusp);
    }
    for (const Bracket& br : brackets_of(times, g)) {
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
