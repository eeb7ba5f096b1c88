#include "analytics/patterns/three_bar_patterns.hpp"

namespace omega::patterns {
namespace {

// The shared machinery of the two stars; `shape(i, first_long, second_short, third_not_short)`.
template <typename Shape>
void star(const OhlcSpans& b, std::span<int> out, Shape shape) {
  constexpr std::size_t kLookback = 12;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyLong> body_long(b, kLookback, 2);
  CandleAverage<kBodyShort> body_short(b, kLookback, 1);
  CandleAverage<kBodyShort> body_short_this(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = shape(i, b.body(i - 2) > body_long.at(i), b.body(i - 1) <= body_short.at(i),
                        b.body(i) > body_short_this.at(i));
    body_long.advance(i);
    body_short.advance(i);
    body_short_this.advance(i);
    return v;
  });
}

}  // namespace

void cdl_morning_star(const OhlcSpans& b, std::span<int> out, double penetration) {
  star(b, out, [&](std::size_t i, bool first_long, bool second_short, bool third_not_short) {
    return score_if(all_of(b.color(i - 2) == -1, b.color(i) == 1, b.body_gap_down(i - 1, i - 2),
                           b.close[i] > b.close[i - 2] + b.body(i - 2) * penetration, first_long,
                           second_short, third_not_short),
                    100);
  });
}

void cdl_evening_star(const OhlcSpans& b, std::span<int> out, double penetration) {
  star(b, out, [&](std::size_t i, bool first_long, bool second_short, bool third_not_short) {
    return score_if(all_of(b.color(i - 2) == 1, b.color(i) == -1, b.body_gap_up(i - 1, i - 2),
                           b.close[i] < b.close[i - 2] - b.body(i - 2) * penetration, first_long,
                           second_short, third_not_short),
                    -100);
  });
}

void cdl_three_white_soldiers(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 12;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kShadowVeryShort> very_short2(b, kLookback, 2);
  CandleAverage<kShadowVeryShort> very_short1(b, kLookback, 1);
  CandleAverage<kShadowVeryShort> very_short0(b, kLookback, 0);
  CandleAverage<kNear> near2(b, kLookback, 2);
  CandleAverage<kNear> near1(b, kLookback, 1);
  CandleAverage<kFar> far2(b, kLookback, 2);
  CandleAverage<kFar> far1(b, kLookback, 1);
  CandleAverage<kBodyShort> body_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(
        all_of(b.color(i - 2) == 1, b.upper_shadow(i - 2) < very_short2.at(i), b.color(i - 1) == 1,
               b.upper_shadow(i - 1) < very_short1.at(i), b.color(i) == 1,
               b.upper_shadow(i) < very_short0.at(i), b.close[i] > b.close[i - 1],
               b.close[i - 1] > b.close[i - 2], b.open[i - 1] > b.open[i - 2],
               b.open[i - 1] <= b.close[i - 2] + near2.at(i), b.open[i] > b.open[i - 1],
               b.open[i] <= b.close[i - 1] + near1.at(i),
               b.body(i - 1) > b.body(i - 2) - far2.at(i), b.body(i) > b.body(i - 1) - far1.at(i),
               b.body(i) > body_short.at(i)),
        100);
    very_short2.advance(i);
    very_short1.advance(i);
    very_short0.advance(i);
    near2.advance(i);
    near1.advance(i);
    far2.advance(i);
    far1.advance(i);
    body_short.advance(i);
    return v;
  });
}

void cdl_three_black_crows(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 13;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kShadowVeryShort> very_short2(b, kLookback, 2);
  CandleAverage<kShadowVeryShort> very_short1(b, kLookback, 1);
  CandleAverage<kShadowVeryShort> very_short0(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    // Four colours in a row are rare: testing them first and skipping the rest is cheaper here.
    const bool colors =
        all_of(b.color(i - 3) == 1, b.color(i - 2) == -1, b.color(i - 1) == -1, b.color(i) == -1);
    const int v = score_if(
        colors && all_of(b.lower_shadow(i - 2) < very_short2.at(i),
                         b.lower_shadow(i - 1) < very_short1.at(i),
                         b.lower_shadow(i) < very_short0.at(i), (b.open[i - 1] < b.open[i - 2]),
                         (b.open[i - 1] > b.close[i - 2]), (b.open[i] < b.open[i - 1]),
                         (b.open[i] > b.close[i - 1]), b.high[i - 3] > b.close[i - 2],
                         b.close[i - 2] > b.close[i - 1], b.close[i - 1] > b.close[i]),
        -100);
    very_short2.advance(i);
    very_short1.advance(i);
    very_short0.advance(i);
    return v;
  });
}

}  // namespace omega::patterns
