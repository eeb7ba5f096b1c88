// Provides zigzag_percent and zigzag_atr: alternating swing highs and lows confirmed when price
// reverses from the running extreme by a percentage or by a multiple of the ATR.
#pragma once

#include <span>
#include <vector>

#include "analytics/fibonacci/swing.hpp"

namespace omega::fib {

// Finds swings that reverse by at least `percent` % of the extreme. A swing is confirmed at the
// first later bar whose opposite extreme crosses the threshold; a bar is compared with the
// extremes of the bars before it, so it never confirms a pivot it set itself (bar order inside
// a candle is unknown). Swings alternate high/low and come in confirmed_index order.
std::vector<Swing> zigzag_percent(std::span<const double> high, std::span<const double> low,
                                  double percent);

// Like zigzag_percent with a reversal of `multiple` x ATR(atr_period) taken at the confirming
// bar; no swing is confirmed before the ATR exists (bar atr_period).
std::vector<Swing> zigzag_atr(std::span<const double> high, std::span<const double> low,
                              std::span<const double> close, double multiple, int atr_period);

}  // namespace omega::fib
