// Sharpe statistics against hand-computed values and the worked example of Bailey & López de
// Prado (2014), "The Deflated Sharpe Ratio", section "A numerical example".
#include "analytics/performance/sharpe_stats.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace omega::analytics {
namespace {

TEST(NormalDistribution, QuantileMatchesTabulatedValues) {
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.99), 2.326347874040841, 1e-13);
  EXPECT_NEAR(normal_quantile(0.01), -2.326347874040841, 1e-13);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-10);
  EXPECT_TRUE(std::isinf(normal_quantile(0.0)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
}

TEST(NormalDistribution, QuantileInvertsTheCdf) {
  for (double p : {1e-6, 0.001, 0.02425, 0.1, 0.3, 0.7, 0.9, 0.97575, 0.999, 1.0 - 1e-6}) {
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-14 + p * 1e-12) << p;
  }
  EXPECT_NEAR(normal_cdf(1.0), 0.8413447460685429, 1e-15);
}

TEST(ReturnMoments, HandComputed) {
  // Mean 4; deviations -3, -2, -1, 6: m2 = 50, m3 = 180, m4 = 1394 (sums).
  const std::vector<double> r = {1.0, 2.0, 3.0, 10.0};
  const ReturnMoments m = return_moments(r);
  EXPECT_EQ(m.count, 4u);
  EXPECT_DOUBLE_EQ(m.mean, 4.0);
  EXPECT_NEAR(m.stdev, std::sqrt(50.0 / 3.0), 1e-12);
  EXPECT_NEAR(m.skewness, 45.0 / std::pow(12.5, 1.5), 1e-12);
  EXPECT_NEAR(m.kurtosis, 348.5 / 156.25, 1e-12);
  EXPECT_NEAR(sharpe_ratio(m), 4.0 / std::sqrt(50.0 / 3.0), 1e-12);
}

TEST(ReturnMoments, DegenerateSeriesKeepNormalShape) {
  const std::vector<double> flat = {0.01, 0.01, 0.01};
  const ReturnMoments m = return_moments(flat);
  EXPECT_EQ(m.stdev, 0.0);
  EXPECT_EQ(m.skewness, 0.0);
  EXPECT_EQ(m.kurtosis, 3.0);
  EXPECT_EQ(sharpe_ratio(m), 0.0);
  EXPECT_EQ(return_moments({}).count, 0u);
}

TEST(ProbabilisticSharpe, HandComputed) {
  // Normal returns (skew 0, kurt 3): z = (0.1 - 0) * sqrt(99) / sqrt(1 + 0.5 * 0.01).
  const double z = 0.1 * std::sqrt(99.0) / std::sqrt(1.005);
  EXPECT_NEAR(probabilistic_sharpe_ratio(0.1, 0.0, 100, 0.0, 3.0), normal_cdf(z), 1e-15);
  // At the benchmark the probability is one half.
  EXPECT_NEAR(probabilistic_sharpe_ratio(0.2, 0.2, 50, -1.0, 6.0), 0.5, 1e-15);
  // Negative skew and fat tails widen the band, so the same Sharpe is less convincing.
  EXPECT_LT(probabilistic_sharpe_ratio(0.1, 0.0, 100, -2.0, 9.0),
            probabilistic_sharpe_ratio(0.1, 0.0, 100, 0.0, 3.0));
  EXPECT_TRUE(std::isnan(probabilistic_sharpe_ratio(0.1, 0.0, 1, 0.0, 3.0)));
}

TEST(ExpectedMaxSharpe, GrowsWithTrialsAndIsZeroForOne) {
  EXPECT_EQ(expected_max_sharpe(1, 1.0), 0.0);
  EXPECT_EQ(expected_max_sharpe(100, 0.0), 0.0);
  // Unit variance: (1 - g) Z^-1(0.99) + g Z^-1(1 - 1/(100 e)).
  const double want = (1.0 - kEulerGamma) * 2.326347874040841 +
                      kEulerGamma * normal_quantile(1.0 - 1.0 / (100.0 * std::exp(1.0)));
  EXPECT_NEAR(expected_max_sharpe(100, 1.0), want, 1e-12);
  EXPECT_NEAR(want, 2.5306, 1e-4);
  EXPECT_LT(expected_max_sharpe(10, 1.0), expected_max_sharpe(1000, 1.0));
  EXPECT_NEAR(expected_max_sharpe(100, 4.0), 2.0 * want, 1e-12);
}

TEST(DeflatedSharpe, PapersNumericalExample) {
  // Bailey & López de Prado (2014), "A numerical example": N = 100 trials, annualised variance
  // of the trials' Sharpe ratios 1/2, best annualised Sharpe 2.5 over five years of daily
  // returns (T = 1250, 250 days a year), skewness -3, kurtosis 10. The paper finds
  // E[max SR] ~ 0.1132 per day and DSR ~ 0.9004 (significant at 90 %, not at 95 %).
  const double sharpe = 2.5 / std::sqrt(250.0);
  const double variance = 0.5 / 250.0;
  const DeflatedSharpe d = deflated_sharpe_ratio(sharpe, 1250, -3.0, 10.0, 100, variance);
  EXPECT_NEAR(d.benchmark, 0.1132, 5e-5);
  EXPECT_NEAR(d.probability, 0.9004, 5e-5);
  EXPECT_EQ(d.trials, 100u);
  EXPECT_EQ(d.observations, 1250u);
  // With a single trial nothing was selected: DSR is PSR against zero.
  const DeflatedSharpe one = deflated_sharpe_ratio(sharpe, 1250, -3.0, 10.0, 1, variance);
  EXPECT_EQ(one.benchmark, 0.0);
  EXPECT_NEAR(one.probability, probabilistic_sharpe_ratio(sharpe, 0.0, 1250, -3.0, 10.0), 1e-15);
  EXPECT_GT(one.probability, d.probability);
}

TEST(DeflatedSharpe, FromReturnsUsesTheirMoments) {
  const std::vector<double> r = {0.01, -0.02, 0.03, 0.015, -0.005, 0.02, 0.0, 0.01};
  const ReturnMoments m = return_moments(r);
  const DeflatedSharpe d = deflated_sharpe_ratio(r, 20, 0.04);
  EXPECT_EQ(d.observations, r.size());
  EXPECT_DOUBLE_EQ(d.sharpe, sharpe_ratio(m));
  EXPECT_DOUBLE_EQ(d.skewness, m.skewness);
  EXPECT_DOUBLE_EQ(d.probability,
                   probabilistic_sharpe_ratio(d.sharpe, expected_max_sharpe(20, 0.04), r.size(),
                                              m.skewness, m.kurtosis));
}

TEST(RunningStats, MatchesTwoPassVariance) {
  RunningStats s;
  const std::vector<double> xs = {1e6 + 0.5, 1e6 + 1.5, 1e6 - 2.0, 1e6 + 4.0};
  for (double x : xs) s.add(x);
  // Deviations from the mean 1e6 + 1: -0.5, 0.5, -3, 3 -> sum of squares 18.5.
  EXPECT_EQ(s.count(), 4u);
  EXPECT_NEAR(s.mean(), 1e6 + 1.0, 1e-9);
  EXPECT_NEAR(s.variance(), 18.5 / 3.0, 1e-9);
  RunningStats one;
  one.add(3.0);
  EXPECT_EQ(one.variance(), 0.0);
}

}  // namespace
}  // namespace omega::analytics
