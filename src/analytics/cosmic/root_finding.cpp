#include "analytics/cosmic/root_finding.hpp"

#include "core/assert.hpp"

namespace omega::cosmic {

double solve_bracketed(const TimeFunction& f, double a, double b, double fa, double fb,
                       double tol_days) {
  OMEGA_ASSERT(fa * fb <= 0.0, "solve_bracketed needs a sign change");
  if (fa == 0.0) {
    return a;
  }
  if (fb == 0.0) {
    return b;
  }
  int side = 0;
  for (int iter = 0; iter < 100 && std::abs(b - a) > tol_days; ++iter) {
    const double c = (a * fb - b * fa) / (fb - fa);
    const double fc = f(c);
    if (fc == 0.0) {
      return c;
    }
    if (fc * fb < 0.0) {
      a = b;
      fa = fb;
      b = c;
      fb = fc;
      side = 0;
    } else {
      b = c;
      fb = fc;
      // Illinois: halve the stale end so the bracket shrinks from both sides.
      if (side == -1) {
        fa *= 0.5;
      }
      side = -1;
    }
    if (std::abs(fb) < 1e-12) {
      break;
    }
  }
  return b;
}

double polish_root(const TimeFunction& f, double t, double rate_per_day, double tol_days,
                   int max_steps) {
  for (int step = 0; step < max_steps; ++step) {
    const double dt = -f(t) / rate_per_day;
    t += dt;
    if (std::abs(dt) < tol_days) {
      break;
    }
  }
  return t;
}

std::vector<Bracket> scan_sign_changes(const TimeFunction& f, double from, double to,
                                       double step_days, double max_jump) {
  std::vector<Bracket> out;
  double a = from;
  double fa = f(a);
  while (a < to) {
    const double b = std::min(a + step_days, to);
    const double fb = f(b);
    if (((fa < 0.0 && fb >= 0.0) || (fa > 0.0 && fb <= 0.0)) && std::abs(fb - fa) < max_jump) {
      out.push_back(Bracket{a, b, fa, fb});
    }
    a = b;
    fa = fb;
  }
  return out;
}

std::optional<double> refine_bracket(const TimeFunction& f, const Bracket& bracket,
                                     double step_days, int max_widen, double tol_days) {
  double a = bracket.a;
  double b = bracket.b;
  double fa = f(a);
  double fb = f(b);
  for (int widen = 0; widen < max_widen && fa * fb > 0.0; ++widen) {
    a -= step_days;
    b += step_days;
    fa = f(a);
    fb = f(b);
  }
  if (fa * fb > 0.0) {
    return std::nullopt;
  }
  return solve_bracketed(f, a, b, fa, fb, tol_days);
}

}  // namespace omega::cosmic
