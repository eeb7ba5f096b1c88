// Provides synthetic return series and factor masks for the statistics tests (test support).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace omega::cosmic::testing {

// Returns n GARCH(1,1) log returns (unconditional sd 1%, persistence 0.97): volatility clusters
// like real crypto returns, and no factor has any effect on them.
inline std::vector<double> garch_returns(std::size_t n, std::mt19937_64& rng) {
  constexpr double kAlpha = 0.08;
  constexpr double kBeta = 0.89;
  constexpr double kUncondVar = 1e-4;
  constexpr double kOmega = kUncondVar * (1.0 - kAlpha - kBeta);
  std::normal_distribution<double> z(0.0, 1.0);
  std::vector<double> r(n);
  double var = kUncondVar;
  double prev = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    var = kOmega + kAlpha * prev * prev + kBeta * var;
    prev = std::sqrt(var) * z(rng);
    r[i] = prev;
  }
  return r;
}

// Returns a mask that holds for `on` bars of every `period`, starting at `phase`.
inline std::vector<std::uint8_t> periodic_mask(std::size_t n, std::size_t period, std::size_t on,
                                               std::size_t phase) {
  std::vector<std::uint8_t> mask(n);
  for (std::size_t i = 0; i < n; ++i) {
    mask[i] = ((i + phase) % period) < on ? 1 : 0;
  }
  return mask;
}

// Returns a mask of alternating runs whose lengths are drawn uniformly from [1, 2*mean_on] and
// [1, 2*mean_off]: like a retrograde factor, but with no exact period.
inline std::vector<std::uint8_t> irregular_mask(std::size_t n, double mean_on, double mean_off,
                                                std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::uint8_t> mask(n);
  std::size_t i = 0;
  bool on = false;
  while (i < n) {
    const double mean = on ? mean_on : mean_off;
    const auto len = static_cast<std::size_t>(1.0 + u(rng) * (2.0 * mean - 1.0));
    for (std::size_t j = 0; j < len && i < n; ++j, ++i) {
      mask[i] = on ? 1 : 0;
    }
    on = !on;
  }
  return mask;
}

}  // namespace omega::cosmic::testing
