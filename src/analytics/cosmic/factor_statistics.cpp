#include "analytics/cosmic/factor_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/assert.hpp"

namespace omega::cosmic {

namespace {

// A maximal run of consecutive bars inside the factor: [begin, end).
struct Run {
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Run> runs_of(std::span<const std::uint8_t> mask) {
  std::vector<Run> runs;
  std::size_t i = 0;
  while (i < mask.size()) {
    if (mask[i] == 0) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < mask.size() && mask[i] != 0) {
      ++i;
    }
    runs.push_back(Run{begin, i});
  }
  return runs;
}

// Prefix sums over the series written twice, so any circular window is one subtraction.
std::vector<double> doubled_prefix(std::span<const double> x) {
  const std::size_t n = x.size();
  std::vector<double> prefix(2 * n + 1, 0.0);
  for (std::size_t i = 0; i < 2 * n; ++i) {
    prefix[i + 1] = prefix[i] + x[i % n];
  }
  return prefix;
}

}  // namespace

double mean_difference(std::span<const double> x, std::span<const std::uint8_t> mask) {
  OMEGA_ASSERT(x.size() == mask.size(), "series and mask differ in length");
  double sum_in = 0.0;
  double sum_out = 0.0;
  std::size_t n_in = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (mask[i] != 0) {
      sum_in += x[i];
      ++n_in;
    } else {
      sum_out += x[i];
    }
  }
  const std::size_t n_out = x.size() - n_in;
  OMEGA_ASSERT(n_in > 0 && n_out > 0, "mean_difference needs both groups");
  return sum_in / static_cast<double>(n_in) - sum_out / static_cast<double>(n_out);
}

RotationTest rotation_test(std::span<const double> x, std::span<const std::uint8_t> mask,
                           int permutations, std::mt19937_64& rng) {
  OMEGA_ASSERT(x.size() == mask.size() && x.size() >= 2, "rotation test needs two bars or more");
  OMEGA_ASSERT(permutations >= 1, "rotation test needs one permutation or more");
  const std::size_t n = x.size();
  const std::vector<Run> runs = runs_of(mask);
  const std::vector<double> prefix = doubled_prefix(x);
  std::vector<double> m(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = mask[i] != 0 ? 1.0 : 0.0;
  }
  const std::vector<double> mask_prefix = doubled_prefix(m);
  const double n_in = mask_prefix[n];
  const double n_out = static_cast<double>(n) - n_in;
  OMEGA_ASSERT(n_in > 0.0 && n_out > 0.0, "rotation test needs both groups");
  const double total = prefix[n];
  const double share = n_in / static_cast<double>(n);
  // The mask shifted by k covers x over each run moved k bars later (circularly); the same
  // windows over the mask itself give its overlap with the shifted copy.
  const auto shifted_sums = [&](std::size_t k, double& sum_in, double& overlap) {
    sum_in = 0.0;
    overlap = 0.0;
    for (const Run& r : runs) {
      sum_in += prefix[r.end + k] - prefix[r.begin + k];
      overlap += mask_prefix[r.end + k] - mask_prefix[r.begin + k];
    }
  };
  const auto statistic = [&](double sum_in) { return sum_in / n_in - (total - sum_in) / n_out; };
  double sum0 = 0.0;
  double overlap0 = 0.0;
  shifted_sums(0, sum0, overlap0);
  const double observed = std::abs(statistic(sum0));
  // A relative tolerance keeps ties (equal statistics up to rounding) counted as extreme.
  const double threshold = observed * (1.0 - 1e-12);
  std::uniform_int_distribution<std::size_t> shift(1, n - 1);
  int at_least_as_extreme = 0;
  int near_copies = 0;
  for (int p = 0; p < permutations; ++p) {
    double sum_in = 0.0;
    double overlap = 0.0;
    shifted_sums(shift(rng), sum_in, overlap);
    if (std::abs(statistic(sum_in)) >= threshold) {
      ++at_least_as_extreme;
    }
    const double self_correlation =
        (overlap / static_cast<double>(n) - share * share) / (share * (1.0 - share));
    if (self_correlation >= 0.9) {
      ++near_copies;
    }
  }
  RotationTest out;
  out.p_value = (1.0 + at_least_as_extreme) / (1.0 + permutations);
  out.p_floor = (1.0 + near_copies) / (1.0 + permutations);
  return out;
}

BootstrapInterval block_bootstrap_difference(std::span<const double> x,
                                             std::span<const std::uint8_t> mask, int resamples,
                                             std::size_t block_length, double confidence,
                                             std::mt19937_64& rng) {
  const std::size_t n = x.size();
  OMEGA_ASSERT(n == mask.size() && n >= 2, "bootstrap needs two bars or more");
  OMEGA_ASSERT(block_length >= 1 && block_length <= n, "block length out of range");
  std::vector<double> xm(n);
  std::vector<double> m(n);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = mask[i] != 0 ? 1.0 : 0.0;
    xm[i] = x[i] * m[i];
  }
  const std::vector<double> px = doubled_prefix(x);
  const std::vector<double> pxm = doubled_prefix(xm);
  const std::vector<double> pm = doubled_prefix(m);
  const std::size_t blocks = (n + block_length - 1) / block_length;
  std::uniform_int_distribution<std::size_t> start(0, n - 1);
  std::vector<double> stats;
  stats.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    double sum_x = 0.0;
    double sum_xm = 0.0;
    double count_m = 0.0;
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t s = start(rng);
      const std::size_t e = s + block_length;
      sum_x += px[e] - px[s];
      sum_xm += pxm[e] - pxm[s];
      count_m += pm[e] - pm[s];
    }
    const double count_all = static_cast<double>(blocks * block_length);
    if (count_m < 0.5 || count_all - count_m < 0.5) {
      continue;
    }
    stats.push_back(sum_xm / count_m - (sum_x - sum_xm) / (count_all - count_m));
  }
  BootstrapInterval out;
  out.resamples_used = static_cast<int>(stats.size());
  if (stats.size() < 2) {
    return out;
  }
  std::sort(stats.begin(), stats.end());
  const double tail = (1.0 - confidence) / 2.0;
  const auto at = [&](double q) {
    const double pos = q * static_cast<double>(stats.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, stats.size() - 1);
    return stats[lo] + (pos - static_cast<double>(lo)) * (stats[hi] - stats[lo]);
  };
  out.low = at(tail);
  out.high = at(1.0 - tail);
  double mean = 0.0;
  for (double s : stats) {
    mean += s;
  }
  mean /= static_cast<double>(stats.size());
  double var = 0.0;
  for (double s : stats) {
    var += (s - mean) * (s - mean);
  }
  out.std_error = std::sqrt(var / static_cast<double>(stats.size() - 1));
  return out;
}

}  // namespace omega::cosmic
