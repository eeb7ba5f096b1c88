// Implements the Sharpe-ratio statistics (formulas cited in sharpe_stats.hpp).
#include "analytics/performance/sharpe_stats.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace omega::analytics {

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  // P. J. Acklam, "An algorithm for computing the inverse normal cumulative distribution
  // function" (2003): relative error below 1.15e-9 before refinement.
  static constexpr std::array<double, 6> kA = {-3.969683028665376e+01, 2.209460984245205e+02,
                                               -2.759285104469687e+02, 1.383577518672690e+02,
                                               -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr std::array<double, 5> kB = {-5.447609879822406e+01, 1.615858368580409e+02,
                                               -1.556989798598866e+02, 6.680131188771972e+01,
                                               -1.328068155288572e+01};
  static constexpr std::array<double, 6> kC = {-7.784894002430293e-03, -3.223964580411365e-01,
                                               -2.400758277161838e+00, -2.549732539343734e+00,
                                               4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr std::array<double, 4> kD = {7.784695709041462e-03, 3.224671290700398e-01,
                                               2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x = 0.0;
  if (p < kLow || p > 1.0 - kLow) {
    const double q = std::sqrt(-2.0 * std::log(p < kLow ? p : 1.0 - p));
    x = (((((kC[0] * q + kC[1]) * q + kC[2]) * q + kC[3]) * q + kC[4]) * q + kC[5]) /
        ((((kD[0] * q + kD[1]) * q + kD[2]) * q + kD[3]) * q + 1.0);
    if (p > 1.0 - kLow) x = -x;
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((kA[0] * r + kA[1]) * r + kA[2]) * r + kA[3]) * r + kA[4]) * r + kA[5]) * q /
        (((((kB[0] * r + kB[1]) * r + kB[2]) * r + kB[3]) * r + kB[4]) * r + 1.0);
  }
  // Halley's method on f(x) = Phi(x) - p; erfc keeps the tails accurate.
  const double sqrt_2pi = std::sqrt(2.0 * std::numbers::pi);
  for (int i = 0; i < 2; ++i) {
    const double e = normal_cdf(x) - p;
    const double u = e * sqrt_2pi * std::exp(x * x / 2.0);
    x -= u / (1.0 + x * u / 2.0);
  }
  return x;
}

ReturnMoments return_moments(std::span<const double> returns) {
  ReturnMoments m;
  m.count = returns.size();
  if (returns.empty()) return m;
  double sum = 0.0;
  for (double r : returns) sum += r;
  m.mean = sum / static_cast<double>(returns.size());
  if (returns.size() < 2) return m;
  double m2 = 0.0;
  double m3 = 0.0;
  double m4 = 0.0;
  for (double r : returns) {
    const double dev = r - m.mean;
    const double dev2 = dev * dev;
    m2 += dev2;
    m3 += dev2 * dev;
    m4 += dev2 * dev2;
  }
  const auto n = static_cast<double>(returns.size());
  if (m2 <= 0.0) return m;
  m.stdev = std::sqrt(m2 / (n - 1.0));
  const double pop_var = m2 / n;
  m.skewness = (m3 / n) / std::pow(pop_var, 1.5);
  m.kurtosis = (m4 / n) / (pop_var * pop_var);
  return m;
}

double sharpe_ratio(const ReturnMoments& m) {
  return m.stdev > 0.0 ? m.mean / m.stdev : 0.0;
}

double probabilistic_sharpe_ratio(double sharpe, double benchmark, std::size_t observations,
                                  double skewness, double kurtosis) {
  const double variance_term = 1.0 - skewness * sharpe + (kurtosis - 1.0) / 4.0 * sharpe * sharpe;
  if (observations < 2 || !(variance_term > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  const double z = (sharpe - benchmark) * std::sqrt(static_cast<double>(observations - 1)) /
                   std::sqrt(variance_term);
  return normal_cdf(z);
}

double expected_max_sharpe(std::uint64_t trials, double trial_variance) {
  if (trials < 2 || !(trial_variance > 0.0)) return 0.0;
  const auto n = static_cast<double>(trials);
  return std::sqrt(trial_variance) *
         ((1.0 - kEulerGamma) * normal_quantile(1.0 - 1.0 / n) +
          kEulerGamma * normal_quantile(1.0 - 1.0 / (n * std::numbers::e)));
}

DeflatedSharpe deflated_sharpe_ratio(double sharpe, std::size_t observations, double skewness,
                                     double kurtosis, std::uint64_t trials, double trial_variance) {
  DeflatedSharpe d;
  d.sharpe = sharpe;
  d.observations = observations;
  d.skewness = skewness;
  d.kurtosis = kurtosis;
  d.trials = trials;
  d.trial_variance = trial_variance;
  d.benchmark = expected_max_sharpe(trials, trial_variance);
  d.probability = probabilistic_sharpe_ratio(sharpe, d.benchmark, observations, skewness, kurtosis);
  return d;
}

DeflatedSharpe deflated_sharpe_ratio(std::span<const double> returns, std::uint64_t trials,
                                     double trial_variance) {
  const ReturnMoments m = return_moments(returns);
  return deflated_sharpe_ratio(sharpe_ratio(m), m.count, m.skewness, m.kurtosis, trials,
                               trial_variance);
}

void RunningStats::add(double x) {
  ++count_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
}

double RunningStats::variance() const {
  return count_ < 2 ? 0.0 : m2_ / static_cast<double>(count_ - 1);
}

}  // namespace omega::analytics
