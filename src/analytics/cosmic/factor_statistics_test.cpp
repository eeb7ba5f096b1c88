#include "analytics/cosmic/factor_statistics.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/cosmic/multiple_testing.hpp"
#include "analytics/cosmic/testing/synthetic_returns.hpp"

namespace omega::cosmic {
namespace {

TEST(BenjaminiHochberg, MatchesTheTextbookExample) {
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005};
  const std::vector<double> q = benjamini_hochberg(p);
  EXPECT_NEAR(q[3], 0.02, 1e-12);  // 0.005 * 4 / 1
  EXPECT_NEAR(q[0], 0.02, 1e-12);  // min(0.01 * 4 / 2, later) = 0.02
  EXPECT_NEAR(q[2], 0.04, 1e-12);  // min(0.03 * 4 / 3, 0.04) = 0.04
  EXPECT_NEAR(q[1], 0.04, 1e-12);
}

TEST(NormalQuantile, KnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963985, 1e-8);
  EXPECT_NEAR(normal_quantile(0.8), 0.841621234, 1e-8);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306, 1e-8);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-12);
}

TEST(RotationTest, FindsAPlantedShiftInMeanReturn) {
  std::mt19937_64 rng(7);
  const std::size_t n = 3000;
  const std::vector<std::uint8_t> mask = testing::irregular_mask(n, 20.0, 60.0, rng);
  std::vector<double> r = testing::garch_returns(n, rng);
  const double sd = 0.01;
  for (std::size_t i = 0; i < n; ++i) {
    r[i] += mask[i] != 0 ? 0.25 * sd : 0.0;
  }
  const RotationTest t = rotation_test(r, mask, 10000, rng);
  EXPECT_LT(t.p_value, 0.01);
  EXPECT_LT(t.p_floor, 0.01);
  const BootstrapInterval ci = block_bootstrap_difference(r, mask, 2000, 55, 0.95, rng);
  EXPECT_GT(ci.low, 0.0);
  EXPECT_LT(ci.low, 0.25 * sd);
  EXPECT_GT(ci.high, 0.25 * sd);
}

TEST(RotationTest, FalsePositiveRateIsNominalOnNullDataWithVolatilityClusters) {
  // 400 independent null series; at alpha = 0.05 about 20 should reject. A binomial 99.9%
  // band for 400 draws at 5% is [7, 37].
  int rejections = 0;
  constexpr int kSeeds = 400;
  for (int seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 rng(1000 + static_cast<std::uint64_t>(seed));
    const std::size_t n = 1500;
    const std::vector<std::uint8_t> mask =
        testing::periodic_mask(n, 29, 7, static_cast<std::size_t>(seed) % 29);
    const std::vector<double> r = testing::garch_returns(n, rng);
    std::vector<double> abs_r(n);
    for (std::size_t i = 0; i < n; ++i) {
      abs_r[i] = std::abs(r[i]);
    }
    // Volatility is the harder case: |r| is strongly autocorrelated under GARCH.
    if (rotation_test(abs_r, mask, 999, rng).p_value <= 0.05) {
      ++rejections;
    }
  }
  const double rate = static_cast<double>(rejections) / kSeeds;
  std::printf("STATS null false-positive rate (volatility, rotation, 400 seeds): %.4f\n", rate);
  EXPECT_GE(rejections, 7);
  EXPECT_LE(rejections, 37);
}

TEST(RotationTest, SameSeedSameAnswer) {
  std::mt19937_64 data_rng(3);
  const std::vector<double> r = testing::garch_returns(800, data_rng);
  const std::vector<std::uint8_t> mask = testing::periodic_mask(800, 20, 5, 0);
  std::mt19937_64 a(11);
  std::mt19937_64 b(11);
  EXPECT_EQ(rotation_test(r, mask, 2000, a).p_value, rotation_test(r, mask, 2000, b).p_value);
}

TEST(RotationTest, PeriodicFactorsHaveAFloorOfOneOverThePeriod) {
  // A strictly 30-bar periodic mask has 30 distinct alignments: shifts by multiples of 30
  // tie with the observed one, so even a huge planted effect cannot give p below ~1/30.
  std::mt19937_64 rng(5);
  const std::size_t n = 3000;
  const std::vector<std::uint8_t> mask = testing::periodic_mask(n, 30, 8, 0);
  std::vector<double> r = testing::garch_returns(n, rng);
  for (std::size_t i = 0; i < n; ++i) {
    r[i] += mask[i] != 0 ? 0.01 : 0.0;
  }
  const RotationTest t = rotation_test(r, mask, 10000, rng);
  EXPECT_NEAR(t.p_floor, 1.0 / 30.0, 0.01);
  EXPECT_GE(t.p_value, t.p_floor * 0.8);
}

}  // namespace
}  // namespace omega::cosmic
