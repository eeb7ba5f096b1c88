// Long sweep of the statistics on null data: false-positive rates at three levels and
// bootstrap interval coverage. Label `slow`; runs only with OMEGA_SLOW_TESTS=1
// (`OMEGA_SLOW_TESTS=1 ctest --preset release -L slow`).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/cosmic/factor_statistics.hpp"
#include "analytics/cosmic/testing/synthetic_returns.hpp"

namespace omega::cosmic {
namespace {

bool slow_tests_enabled() {
  const char* v = std::getenv("OMEGA_SLOW_TESTS");
  return v != nullptr && std::string(v) == "1";
}

// Returns true when `count` of `trials` lies in a 99.9% normal band around rate p.
bool within_band(int count, int trials, double p) {
  const double mean = p * trials;
  const double sd = std::sqrt(trials * p * (1.0 - p));
  return std::abs(count - mean) <= 3.3 * sd;
}

TEST(StatisticsSweep, NullRatesAndCoverageOverTwoThousandSeries) {
  if (!slow_tests_enabled()) {
    GTEST_SKIP() << "set OMEGA_SLOW_TESTS=1 to run the sweep";
  }
  constexpr int kSeries = 2000;
  int rejected[2][3] = {};
  int covered = 0;
  for (int s = 0; s < kSeries; ++s) {
    std::mt19937_64 rng(900000 + static_cast<std::uint64_t>(s));
    const std::size_t n = 2000;
    const std::vector<double> r = testing::garch_returns(n, rng);
    const std::vector<std::uint8_t> mask = testing::irregular_mask(n, 21.0, 95.0, rng);
    std::vector<double> vol(n);
    for (std::size_t i = 0; i < n; ++i) {
      vol[i] = std::abs(r[i]);
    }
    const double p_mean = rotation_test(r, mask, 10000, rng).p_value;
    const double p_vol = rotation_test(vol, mask, 10000, rng).p_value;
    const double levels[3] = {0.01, 0.05, 0.10};
    for (int l = 0; l < 3; ++l) {
      rejected[0][l] += p_mean <= levels[l] ? 1 : 0;
      rejected[1][l] += p_vol <= levels[l] ? 1 : 0;
    }
    const BootstrapInterval ci = block_bootstrap_difference(r, mask, 1000, 45, 0.95, rng);
    covered += (ci.low <= 0.0 && ci.high >= 0.0) ? 1 : 0;
  }
  const char* names[2] = {"mean_return", "volatility"};
  const double levels[3] = {0.01, 0.05, 0.10};
  for (int m = 0; m < 2; ++m) {
    for (int l = 0; l < 3; ++l) {
      std::printf("SWEEP %s alpha %.2f: false-positive rate %.4f (%d of %d)\n", names[m], levels[l],
                  static_cast<double>(rejected[m][l]) / kSeries, rejected[m][l], kSeries);
      EXPECT_TRUE(within_band(rejected[m][l], kSeries, levels[l])) << names[m] << " " << levels[l];
    }
  }
  const double coverage = static_cast<double>(covered) / kSeries;
  std::printf("SWEEP 95%% block-bootstrap interval coverage of the true difference 0: %.4f\n",
              coverage);
  EXPECT_GT(coverage, 0.90);
}

}  // namespace
}  // namespace omega::cosmic
