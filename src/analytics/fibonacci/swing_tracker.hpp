// Provides ZigzagTracker and FractalTracker: the swing detectors fed one bar at a time, for live
// bots; the batch functions (zigzag.hpp, fractal.hpp) run these, so both give the same swings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "analytics/fibonacci/swing.hpp"
#include "analytics/indicators/atr.hpp"

namespace omega::fib {

// Zigzag swings bar by bar. Each update is amortised O(1); memory is the bars since the current
// leg's candidate extreme (the scan for the new leg's extreme happens once, at confirmation).
class ZigzagTracker {
 public:
  // Confirms a reversal of `percent` % (0 < percent < 100) of the extreme.
  static ZigzagTracker by_percent(double percent);
  // Confirms a reversal of `multiple` x ATR(atr_period) (indicators::Atr, TA-Lib's) at that bar.
  static ZigzagTracker by_atr(double multiple, int atr_period);

  // Adds the next bar and returns the swing it confirms, if any (at most one per bar).
  std::optional<Swing> update(double high, double low, double close);
  // Returns the number of bars seen.
  std::size_t bars() const { return next_; }

 private:
  enum class Leg : std::uint8_t { kUnknown, kUp, kDown };
  ZigzagTracker() = default;
  double reversal(double extreme) const;
  double bar_high(std::size_t i) const { return highs_[head_ + (i - base_)]; }
  double bar_low(std::size_t i) const { return lows_[head_ + (i - base_)]; }
  // Forgets buffered bars before `first` (compacting the buffers now and then).
  void trim(std::size_t first);

  double fraction_ = 0.0;               // percent rule when > 0
  double multiple_ = 0.0;               // ATR rule when > 0
  std::optional<indicators::Atr> atr_;  // the ATR rule's streaming Wilder ATR
  double atr_value_ = std::numeric_limits<double>::quiet_NaN();

  Leg leg_ = Leg::kUnknown;
  std::size_t next_ = 0;
  double hi_ = 0.0;
  double lo_ = 0.0;
  std::size_t hi_idx_ = 0;
  std::size_t lo_idx_ = 0;
  // Bars from bar index base_ on, stored from position head_ (a vector with a moving head is
  // cheaper than a deque here).
  std::vector<double> highs_;
  std::vector<double> lows_;
  std::size_t head_ = 0;
  std::size_t base_ = 0;
};

// What one bar confirms for FractalTracker: the pivot `right` bars back may be a high, a low or
// both.
struct FractalUpdate {
  std::optional<Swing> high;
  std::optional<Swing> low;
};

// Fractal pivots bar by bar in O(left + right) per bar with a window of left + right + 1 bars.
class FractalTracker {
 public:
  // Pivots must beat `left` bars before and `right` bars after (both >= 1; asserted).
  FractalTracker(int left, int right);

  // Adds the next bar and returns what it confirms about the bar `right` bars back.
  FractalUpdate update(double high, double low);

 private:
  std::size_t left_;
  std::size_t right_;
  std::size_t window_;
  std::size_t next_ = 0;
  // Each bar is stored twice, at k and k + window, so the last window bars are always contiguous.
  std::vector<double> highs_;
  std::vector<double> lows_;
};

}  // namespace omega::fib
