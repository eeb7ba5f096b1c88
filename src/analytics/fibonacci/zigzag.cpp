#include "analytics/fibonacci/zigzag.hpp"

#include <cmath>
#include <cstddef>

#include "analytics/fibonacci/wilder_atr.hpp"
#include "core/assert.hpp"

namespace omega::fib {
namespace {

// The zigzag state machine; `reversal(i, extreme)` gives the price distance that confirms a
// reversal from `extreme` at bar i; NaN or 0 (no ATR yet, flat prices) confirms nothing.
template <typename Reversal>
std::vector<Swing> zigzag(std::span<const double> high, std::span<const double> low,
                          Reversal reversal) {
  OMEGA_ASSERT(high.size() == low.size(), "zigzag high and low must have the same length");
  std::vector<Swing> out;
  const std::size_t n = high.size();
  if (n == 0) return out;
  enum class Leg { kUnknown, kUp, kDown };
  Leg leg = Leg::kUnknown;
  // Running extremes of the current leg (both while the first direction is unknown).
  std::size_t hi_idx = 0;
  std::size_t lo_idx = 0;
  double hi = high[0];
  double lo = low[0];
  for (std::size_t i = 1; i < n; ++i) {
    if (leg != Leg::kDown) {
      const double d = reversal(i, hi);
      if (d > 0.0 && low[i] <= hi - d) {
        out.push_back({hi_idx, i, hi, SwingKind::kHigh});
        leg = Leg::kDown;
        lo = low[i];
        lo_idx = i;
        // The lowest low since the pivot starts the new leg, this bar included.
        for (std::size_t j = hi_idx + 1; j < i; ++j) {
          if (low[j] < lo) {
            lo = low[j];
            lo_idx = j;
          }
        }
        continue;
      }
    }
    if (leg != Leg::kUp) {
      const double d = reversal(i, lo);
      if (d > 0.0 && high[i] >= lo + d) {
        out.push_back({lo_idx, i, lo, SwingKind::kLow});
        leg = Leg::kUp;
        hi = high[i];
        hi_idx = i;
        for (std::size_t j = lo_idx + 1; j < i; ++j) {
          if (high[j] > hi) {
            hi = high[j];
            hi_idx = j;
          }
        }
        continue;
      }
    }
    if (leg != Leg::kDown && high[i] > hi) {
      hi = high[i];
      hi_idx = i;
    }
    if (leg != Leg::kUp && low[i] < lo) {
      lo = low[i];
      lo_idx = i;
    }
  }
  return out;
}

}  // namespace

std::vector<Swing> zigzag_percent(std::span<const double> high, std::span<const double> low,
                                  double percent) {
  OMEGA_ASSERT(percent > 0.0 && percent < 100.0, "zigzag percent must lie in (0, 100)");
  const double fraction = percent / 100.0;
  return zigzag(high, low,
                [fraction](std::size_t, double extreme) { return std::abs(extreme) * fraction; });
}

std::vector<Swing> zigzag_atr(std::span<const double> high, std::span<const double> low,
                              std::span<const double> close, double multiple, int atr_period) {
  OMEGA_ASSERT(multiple > 0.0, "zigzag ATR multiple must be positive");
  std::vector<double> atr(high.size());
  wilder_atr(high, low, close, atr_period, atr);
  return zigzag(high, low, [&atr, multiple](std::size_t i, double) { return multiple * atr[i]; });
}

}  // namespace omega::fib
