// Provides the one-candle patterns: doji (plain, dragonfly, gravestone), hammer, hanging man,
// inverted hammer, shooting star, marubozu and spinning top, each as TA-Lib's CDL function.
#pragma once

#include <span>

#include "analytics/patterns/candle_settings.hpp"

namespace omega::patterns {

// Every function writes one value per bar into `out` (same length as the bars): +100 bullish,
// -100 bearish, 0 none, and 0 before the pattern's lookback (TA-Lib leaves those out).

// CDLDOJI: body <= 10% of the mean high-low range of the 10 prior bars. +100. Lookback 10.
void cdl_doji(const OhlcSpans& bars, std::span<int> out);
// CDLDRAGONFLYDOJI: doji with a very short upper and a long lower shadow. +100. Lookback 10.
void cdl_dragonfly_doji(const OhlcSpans& bars, std::span<int> out);
// CDLGRAVESTONEDOJI: doji with a very short lower and a long upper shadow. +100. Lookback 10.
void cdl_gravestone_doji(const OhlcSpans& bars, std::span<int> out);
// CDLHAMMER: small body, lower shadow longer than the body, almost no upper shadow, body near
// or under the prior low. +100. Lookback 11.
void cdl_hammer(const OhlcSpans& bars, std::span<int> out);
// CDLHANGINGMAN: the hammer's shape with its body near or over the prior high. -100. Lookback 11.
void cdl_hanging_man(const OhlcSpans& bars, std::span<int> out);
// CDLINVERTEDHAMMER: small body, long upper shadow, almost no lower shadow, body gapping down.
// +100. Lookback 11.
void cdl_inverted_hammer(const OhlcSpans& bars, std::span<int> out);
// CDLSHOOTINGSTAR: the inverted hammer's shape with its body gapping up. -100. Lookback 11.
void cdl_shooting_star(const OhlcSpans& bars, std::span<int> out);
// CDLMARUBOZU: long body, very short shadows both sides. +/-100 by colour. Lookback 10.
void cdl_marubozu(const OhlcSpans& bars, std::span<int> out);
// CDLSPINNINGTOP: short body with both shadows longer than it. +/-100 by colour. Lookback 10.
void cdl_spinning_top(const OhlcSpans& bars, std::span<int> out);

}  // namespace omega::patterns
