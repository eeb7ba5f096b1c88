// Provides the cosmic analysis over candle data: mean return and volatility conditioned on each
// cosmic factor, with rotation permutation p-values, block-bootstrap intervals,
// Benjamini-Hochberg correction across every test, effect sizes and minimum detectable effects.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/cosmic/cosmic_labels.hpp"
#include "core/result.hpp"

namespace omega::cosmic {

// What to compare between bars inside and outside a factor.
enum class Metric : std::uint8_t {
  kMeanReturn,  // mean log return
  kVolatility,  // mean absolute deviation of the log return from its overall mean
};

// Returns "mean_return" or "volatility".
std::string_view to_string(Metric metric);

// How the analysis resamples and decides.
struct AnalysisOptions {
  std::uint64_t seed = 1;           // every random draw derives from this
  int permutations = 10000;         // circular shifts per test
  int bootstrap_resamples = 2000;   // block-bootstrap resamples per test
  std::size_t block_length = 0;     // bars per bootstrap block; 0 picks ceil(sqrt(n))
  double fdr_q = 0.05;              // Benjamini-Hochberg false discovery rate
  double confidence = 0.95;         // interval coverage
  double power = 0.80;              // power for the minimum detectable effect
  std::size_t min_group_bars = 20;  // a factor with fewer bars in or out is not tested
};

// One factor tested on one metric.
struct FactorResult {
  std::string factor;
  Metric metric = Metric::kMeanReturn;
  std::size_t n_in = 0;
  std::size_t n_out = 0;
  double mean_in = 0.0;
  double mean_out = 0.0;
  double difference = 0.0;  // mean_in - mean_out
  double ci_low = 0.0;      // block-bootstrap interval of the difference
  double ci_high = 0.0;
  double effect_size = 0.0;  // difference / standard deviation of the metric
  double effect_ci_low = 0.0;
  double effect_ci_high = 0.0;
  double p_value = 1.0;          // rotation permutation, two-sided
  double p_floor = 0.0;          // smallest p this factor can reach (see RotationTest)
  double q_value = 1.0;          // Benjamini-Hochberg adjusted over every test in the report
  bool significant = false;      // q_value <= fdr_q
  double mde = 0.0;              // smallest |difference| detectable with the chosen power
  double mde_effect_size = 0.0;  // the same in standard deviations
};

// Everything the analysis found, with a plain-language summary.
struct AnalysisReport {
  std::size_t n_returns = 0;
  AnalysisOptions options;
  std::size_t block_length = 0;
  std::vector<FactorResult> results;
  std::vector<std::string> skipped;  // factors with too few bars on one side
  std::size_t significant_count = 0;
  std::string summary;
};

// Tests each mask against the returns on both metrics; masks align with `returns`.
Result<AnalysisReport> analyze_factors(std::span<const double> returns,
                                       const std::vector<FactorMask>& masks,
                                       const AnalysisOptions& options);

// Computes log returns from closes and the cosmic factors of each bar (labelled by its open
// time), then runs analyze_factors. Timestamps must increase and closes be positive.
Result<AnalysisReport> analyze_cosmic(std::span<const std::int64_t> bar_open_ns,
                                      std::span<const double> closes,
                                      const AnalysisOptions& options);

// Formats the report as a fixed-width table followed by the summary.
std::string format_report(const AnalysisReport& report);

}  // namespace omega::cosmic
