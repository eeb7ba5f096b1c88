// Provides the three-candle patterns: morning and evening star, three white soldiers and three
// black crows, each as TA-Lib's CDL function.
#pragma once

#include <span>

#include "analytics/patterns/candle_settings.hpp"

namespace omega::patterns {

// Output convention as in single_bar_patterns.hpp: one value per bar, 0 before the lookback.

// CDLMORNINGSTAR(penetration): long black, a short body gapping down, then a white body (not
// short) closing above close + penetration x the first body. +100. Lookback 12.
void cdl_morning_star(const OhlcSpans& bars, std::span<int> out, double penetration = 0.3);
// CDLEVENINGSTAR(penetration): the mirror of the morning star. -100. Lookback 12.
void cdl_evening_star(const OhlcSpans& bars, std::span<int> out, double penetration = 0.3);
// CDL3WHITESOLDIERS: three white bars with rising closes, each opening within or near the prior
// body, very short upper shadows, none far shorter than the one before, the last not short.
// +100. Lookback 12.
void cdl_three_white_soldiers(const OhlcSpans& bars, std::span<int> out);
// CDL3BLACKCROWS: a white bar then three black bars with falling closes, each opening within the
// prior body, very short lower shadows, the first closing under the white bar's high. -100.
// Lookback 13.
void cdl_three_black_crows(const OhlcSpans& bars, std::span<int> out);

}  // namespace omega::patterns
