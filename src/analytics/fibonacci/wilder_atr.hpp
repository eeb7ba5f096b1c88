// Provides wilder_atr: the average true range with TA-Lib's seeding and Wilder smoothing, kept
// local to the Fibonacci library until the indicators library reaches main.
#pragma once

#include <span>

namespace omega::fib {

// Writes ATR(period) into `out` (same length as the inputs): NaN for bars 0..period-1, the mean
// of TR[1..period] at bar `period`, then atr = (atr * (period - 1) + tr) / period, as TA-Lib.
void wilder_atr(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, int period, std::span<double> out);

}  // namespace omega::fib
