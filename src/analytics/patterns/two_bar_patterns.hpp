// Provides the two-candle patterns: engulfing, harami, piercing line, dark cloud cover (TA-Lib's
// CDL functions) and tweezer top/bottom (not in TA-Lib; built from its "Equal" setting).
#pragma once

#include <span>

#include "analytics/patterns/candle_settings.hpp"

namespace omega::patterns {

// Output convention as in single_bar_patterns.hpp: one value per bar, 0 before the lookback.

// CDLENGULFING: a body engulfing the prior opposite-coloured body; +/-100 by the engulfing
// colour, +/-80 when one end of the bodies is equal. Lookback 2 (TA-Lib 0.6).
void cdl_engulfing(const OhlcSpans& bars, std::span<int> out);
// CDLHARAMI: a short body inside the prior long body; -100 x prior colour when strictly inside,
// -80 x prior colour when one end is equal. Lookback 11.
void cdl_harami(const OhlcSpans& bars, std::span<int> out);
// CDLPIERCING: long black, then a long white opening under its low and closing above its
// midpoint but under its open. +100. Lookback 11.
void cdl_piercing(const OhlcSpans& bars, std::span<int> out);
// CDLDARKCLOUDCOVER(penetration): long white, then a black opening over its high and closing
// under close - penetration x body but above its open. -100. Lookback 11.
void cdl_dark_cloud_cover(const OhlcSpans& bars, std::span<int> out, double penetration = 0.5);
// Tweezer top: a white bar then a black bar whose highs differ by at most TA-Lib's "Equal"
// (5% of the mean range of the 5 bars before the first). -100. Lookback 6.
void tweezer_top(const OhlcSpans& bars, std::span<int> out);
// Tweezer bottom: a black bar then a white bar with "equal" lows. +100. Lookback 6.
void tweezer_bottom(const OhlcSpans& bars, std::span<int> out);

}  // namespace omega::patterns
