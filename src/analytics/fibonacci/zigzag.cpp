#include "analytics/fibonacci/zigzag.hpp"

#include <cstddef>

#include "analytics/fibonacci/swing_tracker.hpp"
#include "core/assert.hpp"

namespace omega::fib {
namespace {

std::vector<Swing> run(ZigzagTracker tracker, std::span<const double> high,
                       std::span<const double> low, std::span<const double> close) {
  std::vector<Swing> out;
  for (std::size_t i = 0; i < high.size(); ++i) {
    if (auto swing = tracker.update(high[i], low[i], close.empty() ? 0.0 : close[i])) {
      out.push_back(*swing);
    }
  }
  return out;
}

}  // namespace

std::vector<Swing> zigzag_percent(std::span<const double> high, std::span<const double> low,
                                  double percent) {
  OMEGA_ASSERT(high.size() == low.size(), "zigzag high and low must have the same length");
  return run(ZigzagTracker::by_percent(percent), high, low, {});
}

std::vector<Swing> zigzag_atr(std::span<const double> high, std::span<const double> low,
                              std::span<const double> close, double multiple, int atr_period) {
  OMEGA_ASSERT(high.size() == low.size() && low.size() == close.size(),
               "zigzag high, low and close must have the same length");
  return run(ZigzagTracker::by_atr(multiple, atr_period), high, low, close);
}

}  // namespace omega::fib
