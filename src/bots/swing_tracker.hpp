// Provides SwingTracker: confirmed swing highs and lows (the analytics FractalTracker's pivots,
// kept alternating, at exact raw prices) and the trend their structure shows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analytics/fibonacci/swing_tracker.hpp"

namespace omega::bots {

// A confirmed pivot: a bar whose high (low) is beyond the `strength` bars on each side.
struct Swing {
  std::int64_t bar = 0;    // index of the pivot bar
  std::int64_t price = 0;  // raw price at the series' precision
  bool is_high = false;
};

// Direction of the swing structure.
enum class Trend : std::int8_t { kDown = -1, kNone = 0, kUp = 1 };

// Tracks pivots bar by bar. A pivot at bar t is known only at bar t + strength (when the bars
// to its right exist), so nothing here looks ahead. Consecutive pivots of one kind keep the
// more extreme, so highs and lows alternate.
class SwingTracker {
 public:
  // `strength` >= 1 bars on each side.
  explicit SwingTracker(int strength = 5);
  // Feeds the next bar; returns the swing confirmed by this bar, if any.
  std::optional<Swing> update(std::int64_t high, std::int64_t low);
  // Returns the alternating swings seen so far, oldest first (the last 8 are kept).
  const std::vector<Swing>& swings() const { return swings_; }
  // Returns up when the last two highs and the last two lows both rise, down when both fall.
  Trend trend() const;

 private:
  void add(const Swing& swing, bool& replaced_or_added);

  int strength_;
  fib::FractalTracker fractal_;  // detection; raw prices fed as doubles (exact below 2^53)
  std::int64_t bars_ = 0;
  std::vector<std::int64_t> highs_;  // ring of the last 2 * strength + 1 raw bars
  std::vector<std::int64_t> lows_;
  std::vector<Swing> swings_;
};

}  // namespace omega::bots
