// Provides Pattern and run_pattern: every candlestick pattern by enum and by name ("engulfing",
// "cdlengulfing", "three-white-soldiers"...), with its lookback, for the CLI and bots.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "analytics/patterns/candle_settings.hpp"
#include "core/result.hpp"

namespace omega::patterns {

// The patterns the library knows, in a stable order.
enum class Pattern : std::uint8_t {
  kDoji,
  kDragonflyDoji,
  kGravestoneDoji,
  kHammer,
  kHangingMan,
  kInvertedHammer,
  kShootingStar,
  kMarubozu,
  kSpinningTop,
  kEngulfing,
  kHarami,
  kPiercing,
  kDarkCloudCover,
  kTweezerTop,
  kTweezerBottom,
  kMorningStar,
  kEveningStar,
  kThreeWhiteSoldiers,
  kThreeBlackCrows,
};

// Every pattern, in enum order.
std::span<const Pattern> all_patterns();

// Returns the kebab-case name, e.g. "three-white-soldiers".
std::string_view to_string(Pattern pattern);

// Returns TA-Lib's function name ("CDL3WHITESOLDIERS"), or "" for patterns TA-Lib lacks.
std::string_view talib_name(Pattern pattern);

// Parses a name (case-insensitive, '-' or '_' alike) or a TA-Lib function name.
Result<Pattern> parse_pattern(std::string_view text);

// Returns the number of leading bars that always score 0 (TA-Lib's lookback).
int lookback(Pattern pattern);

// Runs `pattern` with its default parameters, one value per bar into `out`.
void run_pattern(Pattern pattern, const OhlcSpans& bars, std::span<int> out);

}  // namespace omega::patterns
