// Provides Sharpe-ratio inference for parameter searches: return moments, the probabilistic
// Sharpe ratio, the expected maximum Sharpe ratio of N trials and the deflated Sharpe ratio of
// Bailey & López de Prado (2014), plus the normal distribution functions they rest on.
//
// Source: D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio: Correcting for
// Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio Management
// 40(5), 2014, pp. 94-107 (SSRN 2460551); formulas in docs/sweeps.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace omega::analytics {

// The Euler-Mascheroni constant.
inline constexpr double kEulerGamma = 0.57721566490153286060651209;

// Returns the standard normal cumulative distribution function at x.
double normal_cdf(double x);

// Returns the standard normal quantile (inverse CDF) of p in (0, 1); -inf / +inf at 0 / 1 and
// NaN outside [0, 1]. Acklam's rational approximation polished by two Halley steps on erfc,
// which brings it to double precision.
double normal_quantile(double p);

// The first four moments of a return series.
struct ReturnMoments {
  std::size_t count = 0;
  double mean = 0.0;
  double stdev = 0.0;     // sample standard deviation (divides by n - 1)
  double skewness = 0.0;  // population skewness m3 / m2^1.5 (0 for a normal distribution)
  double kurtosis = 3.0;  // population kurtosis m4 / m2^2, not excess (3 for a normal one)
};

// Computes the moments of `returns` (two passes, so large means do not cancel). With fewer than
// two returns or zero variance, stdev is 0 and skewness / kurtosis keep the normal values.
ReturnMoments return_moments(std::span<const double> returns);

// Returns mean / stdev per observation period (not annualised); 0 when stdev is 0.
double sharpe_ratio(const ReturnMoments& m);

// Returns the probabilistic Sharpe ratio PSR(SR*) = Phi((SR - SR*) sqrt(T - 1) /
// sqrt(1 - skew SR + (kurt - 1) / 4 SR^2)): the probability that the true Sharpe ratio exceeds
// `benchmark`, given the observed per-period `sharpe` over `observations` returns with the given
// skewness and (non-excess) kurtosis. NaN when observations < 2 or the variance term is not
// positive.
double probabilistic_sharpe_ratio(double sharpe, double benchmark, std::size_t observations,
                                  double skewness, double kurtosis);

// Returns the expected maximum Sharpe ratio of `trials` independent trials whose Sharpe ratios
// have variance `trial_variance` and mean 0: sqrt(V) ((1 - g) Z^-1(1 - 1/N) + g Z^-1(1 - 1/(N e))),
// g the Euler-Mascheroni constant. 0 for a single trial (nothing was selected).
double expected_max_sharpe(std::uint64_t trials, double trial_variance);

// The deflated Sharpe ratio and what it was computed from.
struct DeflatedSharpe {
  double sharpe = 0.0;           // observed, per period
  double benchmark = 0.0;        // expected maximum Sharpe of the trials, per period
  double probability = 0.0;      // DSR = PSR(benchmark), in [0, 1]; NaN when undefined
  std::uint64_t trials = 0;      // N
  double trial_variance = 0.0;   // variance of the trials' per-period Sharpe ratios
  std::size_t observations = 0;  // T
  double skewness = 0.0;
  double kurtosis = 3.0;
};

// Computes the deflated Sharpe ratio of the selected strategy's `returns` after `trials` trials
// whose per-period Sharpe ratios had variance `trial_variance`.
DeflatedSharpe deflated_sharpe_ratio(std::span<const double> returns, std::uint64_t trials,
                                     double trial_variance);

// Computes the deflated Sharpe ratio from summary statistics (the paper's worked example).
DeflatedSharpe deflated_sharpe_ratio(double sharpe, std::size_t observations, double skewness,
                                     double kurtosis, std::uint64_t trials, double trial_variance);

// Mean and variance of a stream of values (Welford's update), in constant memory.
class RunningStats {
 public:
  // Adds one value.
  void add(double x);
  std::uint64_t count() const { return count_; }
  double mean() const { return mean_; }
  // Returns the sample variance (divides by n - 1); 0 with fewer than two values.
  double variance() const;

 private:
  std::uint64_t count_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

}  // namespace omega::analytics
