// Provides the resampling statistics of the cosmic analysis: the difference of means between
// bars inside and outside a factor, its rotation (circular-shift) permutation p-value and its
// circular block-bootstrap interval. Both resamplings keep the serial dependence of returns.
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace omega::cosmic {

// Returns mean(x where mask) - mean(x where !mask); both groups must be non-empty.
double mean_difference(std::span<const double> x, std::span<const std::uint8_t> mask);

// The outcome of a rotation permutation test.
struct RotationTest {
  double p_value = 1.0;  // two-sided
  // The smallest p-value this factor can reach on this series: shifts whose mask nearly equals
  // the observed one (self-correlation >= 0.9) always tie with it. Nearly periodic factors (a
  // moon-phase bin repeats every 29.5 days) have a floor of about one over the number of
  // distinct alignments, whatever the returns do.
  double p_floor = 0.0;
};

// Returns the two-sided p-value of mean_difference under `permutations` random circular shifts
// of the mask relative to x: (1 + #{|T_shift| >= |T|}) / (1 + permutations). A shift keeps the
// runs of the factor and the volatility clusters of the series intact, so only their alignment
// is randomised; the null is "x is stationary and independent of the factor".
RotationTest rotation_test(std::span<const double> x, std::span<const std::uint8_t> mask,
                           int permutations, std::mt19937_64& rng);

// A bootstrap distribution summary of a statistic.
struct BootstrapInterval {
  double low = 0.0;        // lower percentile bound
  double high = 0.0;       // upper percentile bound
  double std_error = 0.0;  // standard deviation of the resampled statistic
  int resamples_used = 0;  // resamples where both groups were present
};

// Returns the percentile interval of mean_difference under a circular block bootstrap that
// resamples (x, mask) pairs in blocks of `block_length` bars.
BootstrapInterval block_bootstrap_difference(std::span<const double> x,
                                             std::span<const std::uint8_t> mask, int resamples,
                                             std::size_t block_length, double confidence,
                                             std::mt19937_64& rng);

}  // namespace omega::cosmic
