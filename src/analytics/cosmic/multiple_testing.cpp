#include "analytics/cosmic/multiple_testing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/assert.hpp"

namespace omega::cosmic {

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> q(m, 1.0);
  double running_min = 1.0;
  // Step-up: walk from the largest p down, keeping the adjusted values monotone.
  for (std::size_t rank = m; rank >= 1; --rank) {
    const std::size_t idx = order[rank - 1];
    const double adjusted = p_values[idx] * static_cast<double>(m) / static_cast<double>(rank);
    running_min = std::min(running_min, adjusted);
    q[idx] = std::min(1.0, running_min);
  }
  return q;
}

double normal_quantile(double p) {
  OMEGA_ASSERT(p > 0.0 && p < 1.0, "normal_quantile needs 0 < p < 1");
  static constexpr double kA[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                  -2.759285104469687e+02, 1.383577518672690e+02,
                                  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double kB[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                  -1.556989798598866e+02, 6.680131188771972e+01,
                                  -1.328068155288572e+01};
  static constexpr double kC[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                  -2.400758277161838e+00, -2.549732539343734e+00,
                                  4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double kD[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                  2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    return (((((kC[0] * q + kC[1]) * q + kC[2]) * q + kC[3]) * q + kC[4]) * q + kC[5]) /
           ((((kD[0] * q + kD[1]) * q + kD[2]) * q + kD[3]) * q + 1.0);
  }
  if (p > 1.0 - kLow) {
    return -normal_quantile(1.0 - p);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((kA[0] * r + kA[1]) * r + kA[2]) * r + kA[3]) * r + kA[4]) * r + kA[5]) * q /
         (((((kB[0] * r + kB[1]) * r + kB[2]) * r + kB[3]) * r + kB[4]) * r + 1.0);
}

}  // namespace omega::cosmic
