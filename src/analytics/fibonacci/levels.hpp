// Provides RatioSet, FibLevel and fib_levels: the retracement and extension prices of a swing leg,
// and the golden pocket.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "analytics/fibonacci/swing.hpp"
#include "core/result.hpp"

namespace omega::fib {

// Where a level lies relative to the leg A -> B.
enum class LevelKind : std::uint8_t {
  kRetracement,       // between B (ratio 0) and A (ratio 1): price = B - (B - A) * r
  kExtension,         // beyond B, the move continuing: price = A + (B - A) * r
  kInverseExtension,  // beyond A, the move fully undone and more: price = B - (B - A) * r
};

// Returns "retracement", "extension" or "inverse-extension".
std::string_view to_string(LevelKind kind);

// The ratios to draw; each list is used as given (no sorting, duplicates kept).
struct RatioSet {
  std::vector<double> retracements;
  std::vector<double> extensions;  // used for both kExtension and kInverseExtension

  // Returns 0, 0.236, 0.382, 0.5, 0.618, 0.65, 0.786, 1 and 1.272, 1.414, 1.618, 2, 2.618,
  // 3.618, 4.236.
  static RatioSet standard();
};

// Parses "0.382,0.5,0.618" (retracements) or "0.382,0.5/1.618,2.618" (retracements/extensions);
// every ratio must be a finite number >= 0.
Result<RatioSet> parse_ratio_set(std::string_view text);

// One price level of a leg.
struct FibLevel {
  double ratio = 0.0;
  double price = 0.0;
  LevelKind kind = LevelKind::kRetracement;
};

// Which extensions fib_levels draws.
enum class ExtensionSide : std::uint8_t { kBeyondEnd, kBeyondStart, kBoth };

// Returns the levels of `leg` for `ratios`: retracements first, then extensions, in list order.
std::vector<FibLevel> fib_levels(const SwingLeg& leg, const RatioSet& ratios,
                                 ExtensionSide side = ExtensionSide::kBoth);

// A closed price interval.
struct PriceZone {
  double low = 0.0;
  double high = 0.0;
  // True when `price` lies in [low, high].
  bool contains(double price) const { return price >= low && price <= high; }
};

// Returns the golden pocket of a leg: the band between its 0.618 and 0.65 retracements.
PriceZone golden_pocket(const SwingLeg& leg);

// Returns the weight the confluence score gives a ratio: 1 for the golden ratios (0.618, 0.65,
// 1.618), 0.75 for 0.382, 0.5, 0.786, 1.272 and 2.618, 0.5 for the others.
double ratio_weight(double ratio);

}  // namespace omega::fib
