// Provides the one-dimensional root finders behind every event search (phases, stations,
// aspects, ingresses): a bracketed Illinois solver and a scan that brackets sign changes.
#pragma once

#include <cmath>
#include <functional>
#include <optional>
#include <vector>

namespace omega::cosmic {

// A function of the Julian date (TT) whose zeros are events.
using TimeFunction = std::function<double(double)>;

// Returns a zero of f in [a, b] given f(a) and f(b) of opposite signs (Illinois regula falsi,
// which keeps the bracket and converges superlinearly), to `tol_days`.
double solve_bracketed(const TimeFunction& f, double a, double b, double fa, double fb,
                       double tol_days);

// Improves a root estimate with Newton steps on an accurate but costly f, using a rate taken
// from a cheaper model; stops when a step is shorter than `tol_days`.
double polish_root(const TimeFunction& f, double t, double rate_per_day, double tol_days,
                   int max_steps);

// A sign change of f found by sampling.
struct Bracket {
  double a = 0.0;
  double b = 0.0;
  double fa = 0.0;
  double fb = 0.0;
};

// Samples f every `step_days` over [from, to] and returns the intervals where it changes sign
// continuously; a jump larger than `max_jump` (a wrap of an angle) is not a root.
std::vector<Bracket> scan_sign_changes(const TimeFunction& f, double from, double to,
                                       double step_days, double max_jump);

// Solves an accurate f inside a bracket found with a cheaper model of it. Where the models put
// the zero on different sides of a sample, the bracket is widened by `step_days` on each side
// (up to `max_widen` times); returns nothing when the accurate f has no sign change there.
std::optional<double> refine_bracket(const TimeFunction& f, const Bracket& bracket,
                                     double step_days, int max_widen, double tol_days);

}  // namespace omega::cosmic
