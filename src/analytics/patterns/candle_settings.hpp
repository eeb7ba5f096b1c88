// Provides OhlcSpans, CandleSetting and CandleAverage: TA-Lib's candle vocabulary (body, shadows,
// colour, "long", "short", "near"...) and its running averages over prior bars, reproduced to
// the last floating-point operation so pattern outputs match TA-Lib exactly.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/assert.hpp"

namespace omega::patterns {

// Read-only OHLC columns of equal length.
struct OhlcSpans {
  std::span<const double> open;
  std::span<const double> high;
  std::span<const double> low;
  std::span<const double> close;

  std::size_t size() const { return close.size(); }
  double body(std::size_t i) const { return std::fabs(close[i] - open[i]); }
  // +1 for a white (close >= open) candle, -1 for a black one, as TA_CANDLECOLOR.
  int color(std::size_t i) const { return close[i] >= open[i] ? 1 : -1; }
  double body_top(std::size_t i) const { return close[i] >= open[i] ? close[i] : open[i]; }
  double body_bottom(std::size_t i) const { return close[i] >= open[i] ? open[i] : close[i]; }
  double upper_shadow(std::size_t i) const { return high[i] - body_top(i); }
  double lower_shadow(std::size_t i) const { return body_bottom(i) - low[i]; }
  double range(std::size_t i) const { return high[i] - low[i]; }
  // True when bar i's body lies wholly above (below) bar j's body.
  bool body_gap_up(std::size_t i, std::size_t j) const {
    return std::fmin(open[i], close[i]) > std::fmax(open[j], close[j]);
  }
  bool body_gap_down(std::size_t i, std::size_t j) const {
    return std::fmax(open[i], close[i]) < std::fmin(open[j], close[j]);
  }
};

// What a candle setting measures.
enum class RangeType : std::uint8_t { kRealBody, kHighLow, kShadows };

// One TA-Lib candle setting: compare with factor x the mean of `range` over `avg_period` prior
// bars (the bar's own range when avg_period is 0; half the sum of shadows for kShadows).
struct CandleSetting {
  RangeType range = RangeType::kRealBody;
  int avg_period = 10;
  double factor = 1.0;
};

// TA-Lib's default settings (ta_global.c).
inline constexpr CandleSetting kBodyLong{RangeType::kRealBody, 10, 1.0};
inline constexpr CandleSetting kBodyVeryLong{RangeType::kRealBody, 10, 3.0};
inline constexpr CandleSetting kBodyShort{RangeType::kRealBody, 10, 1.0};
inline constexpr CandleSetting kBodyDoji{RangeType::kHighLow, 10, 0.1};
inline constexpr CandleSetting kShadowLong{RangeType::kRealBody, 0, 1.0};
inline constexpr CandleSetting kShadowVeryLong{RangeType::kRealBody, 0, 2.0};
inline constexpr CandleSetting kShadowShort{RangeType::kShadows, 10, 1.0};
inline constexpr CandleSetting kShadowVeryShort{RangeType::kHighLow, 10, 0.1};
inline constexpr CandleSetting kNear{RangeType::kHighLow, 5, 0.2};
inline constexpr CandleSetting kFar{RangeType::kHighLow, 5, 0.6};
inline constexpr CandleSetting kEqual{RangeType::kHighLow, 5, 0.05};

// Returns the quantity a setting averages, for bar i (TA_CANDLERANGE). Inline: it runs a few
// times per bar in every pattern.
inline double candle_range(const OhlcSpans& bars, const CandleSetting& setting, std::size_t i) {
  switch (setting.range) {
    case RangeType::kRealBody:
      return bars.body(i);
    case RangeType::kHighLow:
      return bars.range(i);
    case RangeType::kShadows:
      return bars.upper_shadow(i) + bars.lower_shadow(i);
  }
  return 0.0;
}

// The running total TA-Lib keeps for one setting, for the bar `offset` bars before the current
// one: seeded at the pattern's first output bar `start` by summing the `avg_period` bars before
// start - offset in ascending order, then moved one bar at a time by adding the difference of the
// entering and leaving ranges. The order of those additions is what makes results bit-identical.
// The setting is a template argument so that its range type and period fold into the code.
template <CandleSetting kSetting>
class CandleAverage {
 public:
  CandleAverage(const OhlcSpans& bars, std::size_t start, std::size_t offset)
      : bars_(bars), offset_(offset) {
    static_assert(kSetting.avg_period >= 0, "candle setting period must not be negative");
    OMEGA_ASSERT(start >= offset + kPeriod, "pattern start leaves no room for the average");
    for (std::size_t j = start - offset - kPeriod; j < start - offset; ++j) {
      total_ += candle_range(bars_, kSetting, j);
    }
  }

  // Returns TA_CANDLEAVERAGE for current bar i (measured at bar i - offset).
  double at(std::size_t i) const {
    const double base = kPeriod != 0 ? total_ / static_cast<double>(kPeriod)
                                     : candle_range(bars_, kSetting, i - offset_);
    return kSetting.factor * base / (kSetting.range == RangeType::kShadows ? 2.0 : 1.0);
  }
  // Moves the window past current bar i (call after evaluating bar i).
  void advance(std::size_t i) {
    if constexpr (kPeriod != 0) {
      const std::size_t j = i - offset_;
      total_ += candle_range(bars_, kSetting, j) - candle_range(bars_, kSetting, j - kPeriod);
    }
  }

 private:
  static constexpr auto kPeriod = static_cast<std::size_t>(kSetting.avg_period);
  OhlcSpans bars_;  // a copy: four spans, so the loops read local pointers
  std::size_t offset_;
  double total_ = 0.0;
};

// Returns true when every condition holds. All are evaluated (no short circuit): on real data
// the conditions are unpredictable, and evaluating them all without branches is cheaper than
// mispredicted branches.
template <typename... Conditions>
constexpr bool all_of(Conditions... conditions) {
  return (static_cast<bool>(conditions) & ...);
}

// Returns `score` when `matched`, else 0, without a branch (see all_of).
constexpr int score_if(bool matched, int score) {
  return static_cast<int>(matched) * score;
}

// Runs a pattern over every bar: 0 for bars before `lookback`, `eval(i)` from there on. `eval`
// must advance its averages itself, after evaluating bar i.
template <typename Eval>
void scan_bars(const OhlcSpans& bars, std::span<int> out, std::size_t lookback, Eval&& eval) {
  OMEGA_ASSERT(out.size() == bars.size() && bars.open.size() == bars.size() &&
                   bars.high.size() == bars.size() && bars.low.size() == bars.size(),
               "pattern inputs and output must have the same length");
  const std::size_t n = bars.size();
  for (std::size_t i = 0; i < n && i < lookback; ++i) out[i] = 0;
  for (std::size_t i = lookback; i < n; ++i) out[i] = eval(i);
}

}  // namespace omega::patterns
