#include "analytics/cosmic/cosmic_analysis.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "analytics/cosmic/testing/synthetic_returns.hpp"
#include "core/time.hpp"

namespace omega::cosmic {
namespace {

std::vector<FactorMask> null_and_planted_masks(std::size_t n) {
  std::mt19937_64 rng(12345);
  std::vector<FactorMask> masks;
  masks.push_back({"planted", testing::irregular_mask(n, 10.0, 25.0, rng)});
  for (std::size_t k = 0; k < 9; ++k) {
    masks.push_back({"null_" + std::to_string(k),
                     testing::irregular_mask(n, 5.0 + 2.0 * static_cast<double>(k), 20.0, rng)});
  }
  return masks;
}

AnalysisOptions quick_options(std::uint64_t seed) {
  AnalysisOptions o;
  o.seed = seed;
  o.permutations = 10000;
  o.bootstrap_resamples = 1000;
  return o;
}

TEST(CosmicAnalysis, FindsAPlantedEffectAndOnlyIt) {
  std::mt19937_64 rng(2024);
  const std::size_t n = 3000;
  std::vector<double> r = testing::garch_returns(n, rng);
  const auto masks = null_and_planted_masks(n);
  for (std::size_t i = 0; i < n; ++i) {
    r[i] += masks[0].in[i] != 0 ? 0.003 : 0.0;  // +0.3 sd on planted days
  }
  auto report = analyze_factors(r, masks, quick_options(5));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_EQ(report->results.size(), 20u);
  const FactorResult& planted = report->results[0];
  EXPECT_EQ(planted.factor, "planted");
  EXPECT_EQ(planted.metric, Metric::kMeanReturn);
  EXPECT_TRUE(planted.significant) << format_report(*report);
  EXPECT_GT(planted.ci_low, 0.0);
  EXPECT_NEAR(planted.effect_size, 0.3, 0.12);
  EXPECT_EQ(report->significant_count, 1u) << format_report(*report);
  EXPECT_EQ(report->summary.find("Nothing is significant"), std::string::npos);
}

TEST(CosmicAnalysis, SaysPlainlyWhenNothingIsSignificant) {
  std::mt19937_64 rng(99);
  const std::size_t n = 2000;
  const std::vector<double> r = testing::garch_returns(n, rng);
  std::vector<FactorMask> masks = null_and_planted_masks(n);
  auto report = analyze_factors(r, masks, quick_options(6));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->significant_count, 0u) << format_report(*report);
  EXPECT_EQ(report->summary.rfind("Nothing is significant.", 0), 0u);
  for (const FactorResult& f : report->results) {
    EXPECT_GT(f.mde_effect_size, 0.0);
    EXPECT_LE(f.effect_ci_low, f.effect_ci_high);
  }
}

TEST(CosmicAnalysis, NullFalsePositiveRatesOverManySeeds) {
  // 150 null series x 10 masks x 2 metrics = 3000 tests: raw p <= 0.05 should hold for about
  // 5% of them, and the Benjamini-Hochberg family-wise rate (any discovery in a series) should
  // stay near or below q, as it does when every null is true.
  constexpr int kSeeds = 150;
  int raw_rejections = 0;
  int tests = 0;
  int families_with_discovery = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 rng(50000 + static_cast<std::uint64_t>(seed));
    const std::size_t n = 1200;
    const std::vector<double> r = testing::garch_returns(n, rng);
    std::vector<FactorMask> masks;
    for (std::size_t k = 0; k < 5; ++k) {
      masks.push_back({"periodic_" + std::to_string(k),
                       testing::periodic_mask(n, 20 + 3 * k, 4 + k,
                                              (static_cast<std::size_t>(seed) * 7 + k) % 20)});
      masks.push_back({"irregular_" + std::to_string(k),
                       testing::irregular_mask(n, 5.0 + 2.0 * static_cast<double>(k), 20.0, rng)});
    }
    AnalysisOptions o;
    o.seed = static_cast<std::uint64_t>(seed);
    o.permutations = 999;
    o.bootstrap_resamples = 200;
    auto report = analyze_factors(r, masks, o);
    ASSERT_TRUE(report.ok());
    for (const FactorResult& f : report->results) {
      raw_rejections += f.p_value <= 0.05 ? 1 : 0;
      ++tests;
    }
    families_with_discovery += report->significant_count > 0 ? 1 : 0;
  }
  const double raw_rate = static_cast<double>(raw_rejections) / tests;
  const double family_rate = static_cast<double>(families_with_discovery) / kSeeds;
  std::printf(
      "STATS null raw rejection rate %.4f over %d tests; BH family-wise rate %.4f over %d "
      "series\n",
      raw_rate, tests, family_rate, kSeeds);
  // Tests within a series share the data, so the spread is wider than binomial: allow 2.5-8%.
  EXPECT_GT(raw_rate, 0.025);
  EXPECT_LT(raw_rate, 0.08);
  EXPECT_LE(family_rate, 0.10);
}

TEST(CosmicAnalysis, ReproducibleWithASeed) {
  std::mt19937_64 rng(1);
  const std::vector<double> r = testing::garch_returns(600, rng);
  const auto masks = null_and_planted_masks(600);
  AnalysisOptions o = quick_options(77);
  o.permutations = 2000;
  auto a = analyze_factors(r, masks, o);
  auto b = analyze_factors(r, masks, o);
  ASSERT_TRUE(a.ok() && b.ok());
  for (std::size_t i = 0; i < a->results.size(); ++i) {
    EXPECT_EQ(a->results[i].p_value, b->results[i].p_value);
    EXPECT_EQ(a->results[i].ci_low, b->results[i].ci_low);
  }
}

TEST(CosmicAnalysis, RejectsBadInput) {
  const std::vector<std::int64_t> ts = {0, 2, 1};
  const std::vector<double> closes = {1.0, 2.0, 3.0};
  EXPECT_FALSE(analyze_cosmic(ts, closes, {}).ok());
  const std::vector<std::int64_t> ts2 = {0, 1, 2};
  const std::vector<double> bad = {1.0, -2.0, 3.0};
  EXPECT_FALSE(analyze_cosmic(ts2, bad, {}).ok());
  EXPECT_FALSE(analyze_cosmic(ts2, closes, {}).ok());  // too few returns
}

TEST(CosmicAnalysis, EndToEndOnDailyBarsWithRealFactors) {
  // Six years of synthetic daily closes: the real cosmic factors, no planted effect.
  std::mt19937_64 rng(31);
  const std::size_t n = 6 * 365;
  const std::vector<double> r = testing::garch_returns(n, rng);
  std::vector<std::int64_t> ts(n);
  std::vector<double> closes(n);
  const std::int64_t start = parse_iso8601("2019-01-01").value().ns();
  double price = 10000.0;
  for (std::size_t i = 0; i < n; ++i) {
    ts[i] = start + static_cast<std::int64_t>(i) * kNanosPerDay;
    price *= std::exp(r[i]);
    closes[i] = price;
  }
  AnalysisOptions o = quick_options(8);
  auto report = analyze_cosmic(ts, closes, o);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->results.size() + 2 * report->skipped.size(), 32u);
  std::printf("%s", format_report(*report).c_str());
  // Mercury is retrograde about 19% of the time.
  for (const FactorResult& f : report->results) {
    if (f.factor == "mercury_retrograde") {
      const double share = static_cast<double>(f.n_in) / static_cast<double>(f.n_in + f.n_out);
      EXPECT_NEAR(share, 0.19, 0.04);
    }
  }
}

}  // namespace
}  // namespace omega::cosmic
