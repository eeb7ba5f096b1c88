// Provides Swing, SwingLeg and SwingSpec: confirmed turning points, the legs between them and
// the textual choice of a detector ("zigzag:5%", "atr:3", "fractal:5").
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace omega::fib {

// Whether a swing is a local top or bottom.
enum class SwingKind : std::uint8_t { kHigh, kLow };

// A turning point. `confirmed_index` is the first bar whose data proves the pivot, so a
// backtest at bar t may use exactly the swings with confirmed_index <= t.
struct Swing {
  std::size_t pivot_index = 0;      // bar holding the extreme
  std::size_t confirmed_index = 0;  // bar at which the swing became known (>= pivot_index)
  double price = 0.0;               // the high (kHigh) or low (kLow) of the pivot bar
  SwingKind kind = SwingKind::kHigh;

  friend bool operator==(const Swing&, const Swing&) = default;
};

// A move from one swing to the next swing of the other kind.
struct SwingLeg {
  Swing from;
  Swing to;
  // True when the leg rises (from a low to a high).
  bool up() const { return to.price > from.price; }
  // Returns the absolute price distance of the leg.
  double size() const {
    return to.price > from.price ? to.price - from.price : from.price - to.price;
  }
};

// Which detector to run, with its parameters.
struct SwingSpec {
  enum class Method : std::uint8_t { kZigzagPercent, kZigzagAtr, kFractal };
  Method method = Method::kZigzagPercent;
  double percent = 5.0;     // kZigzagPercent: reversal size in percent of the extreme
  double atr_multiple = 3;  // kZigzagAtr: reversal size in ATRs
  int atr_period = 14;      // kZigzagAtr: Wilder ATR period
  int left = 5;             // kFractal: bars on the left that must be lower (higher)
  int right = 5;            // kFractal: bars on the right, i.e. the confirmation delay

  // Formats back to the textual form, e.g. "zigzag:5%".
  std::string to_string() const;
};

// Parses "zigzag:P%" (P > 0), "atr:M" or "atr:M,PERIOD" (M > 0, PERIOD >= 1), "fractal:N" or
// "fractal:L,R" (>= 1 bars each side).
Result<SwingSpec> parse_swing_spec(std::string_view text);

// Runs the detector named by `spec` over the bars; swings come ordered by confirmed_index.
std::vector<Swing> detect_swings(const SwingSpec& spec, std::span<const double> high,
                                 std::span<const double> low, std::span<const double> close);

// Returns the swings known at bar `bar` (confirmed_index <= bar), for bar-by-bar replays.
std::span<const Swing> swings_known_at(std::span<const Swing> swings, std::size_t bar);

// Pairs consecutive swings of opposite kinds into legs, oldest first. Same-kind neighbours (which
// fractals can produce) keep the more extreme one as the start of the next leg.
std::vector<SwingLeg> swing_legs(std::span<const Swing> swings);

}  // namespace omega::fib
