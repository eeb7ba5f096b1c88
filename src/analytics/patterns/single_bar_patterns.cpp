#include "analytics/patterns/single_bar_patterns.hpp"

namespace omega::patterns {

void cdl_doji(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 10;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyDoji> doji(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(b.body(i) <= doji.at(i), 100);
    doji.advance(i);
    return v;
  });
}

void cdl_dragonfly_doji(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 10;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyDoji> doji(b, kLookback, 0);
  CandleAverage<kShadowVeryShort> very_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    // Most bars are no doji: testing that first and skipping the rest is cheaper here.
    const int v = score_if(b.body(i) <= doji.at(i) && all_of(b.upper_shadow(i) < very_short.at(i),
                                                             b.lower_shadow(i) > very_short.at(i)),
                           100);
    doji.advance(i);
    very_short.advance(i);
    return v;
  });
}

void cdl_gravestone_doji(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 10;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyDoji> doji(b, kLookback, 0);
  CandleAverage<kShadowVeryShort> very_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(b.body(i) <= doji.at(i) && all_of(b.lower_shadow(i) < very_short.at(i),
                                                             b.upper_shadow(i) > very_short.at(i)),
                           100);
    doji.advance(i);
    very_short.advance(i);
    return v;
  });
}

namespace {

// The shared shape of hammer and hanging man: `near_prior` decides where the body must sit
// relative to the previous bar (given that bar's Near average).
template <typename NearPrior>
void hammer_shape(const OhlcSpans& b, std::span<int> out, int score, NearPrior near_prior) {
  constexpr std::size_t kLookback = 11;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyShort> body(b, kLookback, 0);
  CandleAverage<kShadowLong> shadow_long(b, kLookback, 0);
  CandleAverage<kShadowVeryShort> very_short(b, kLookback, 0);
  CandleAverage<kNear> near(b, kLookback, 1);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(all_of(b.body(i) < body.at(i), b.lower_shadow(i) > shadow_long.at(i),
                                  b.upper_shadow(i) < very_short.at(i), near_prior(i, near.at(i))),
                           score);
    body.advance(i);
    shadow_long.advance(i);
    very_short.advance(i);
    near.advance(i);
    return v;
  });
}

// The shared shape of inverted hammer and shooting star; `gap` is the body gap with the prior bar.
template <typename Gap>
void inverted_shape(const OhlcSpans& b, std::span<int> out, int score, Gap gap) {
  constexpr std::size_t kLookback = 11;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyShort> body(b, kLookback, 0);
  CandleAverage<kShadowLong> shadow_long(b, kLookback, 0);
  CandleAverage<kShadowVeryShort> very_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(all_of(b.body(i) < body.at(i), b.upper_shadow(i) > shadow_long.at(i),
                                  b.lower_shadow(i) < very_short.at(i), gap(i)),
                           score);
    body.advance(i);
    shadow_long.advance(i);
    very_short.advance(i);
    return v;
  });
}

}  // namespace

void cdl_hammer(const OhlcSpans& b, std::span<int> out) {
  hammer_shape(b, out, 100, [&b](std::size_t i, double near) {
    return std::fmin(b.close[i], b.open[i]) <= b.low[i - 1] + near;
  });
}

void cdl_hanging_man(const OhlcSpans& b, std::span<int> out) {
  hammer_shape(b, out, -100, [&b](std::size_t i, double near) {
    return std::fmin(b.close[i], b.open[i]) >= b.high[i - 1] - near;
  });
}

void cdl_inverted_hammer(const OhlcSpans& b, std::span<int> out) {
  inverted_shape(b, out, 100, [&b](std::size_t i) { return b.body_gap_down(i, i - 1); });
}

void cdl_shooting_star(const OhlcSpans& b, std::span<int> out) {
  inverted_shape(b, out, -100, [&b](std::size_t i) { return b.body_gap_up(i, i - 1); });
}

void cdl_marubozu(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 10;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyLong> body_long(b, kLookback, 0);
  CandleAverage<kShadowVeryShort> very_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(all_of(b.body(i) > body_long.at(i), b.upper_shadow(i) < very_short.at(i),
                                  b.lower_shadow(i) < very_short.at(i)),
                           b.color(i) * 100);
    body_long.advance(i);
    very_short.advance(i);
    return v;
  });
}

void cdl_spinning_top(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 10;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyShort> body_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const double body = b.body(i);
    const int v = score_if(
        all_of((body < body_short.at(i)), (b.upper_shadow(i) > body), (b.lower_shadow(i) > body)),
        b.color(i) * 100);
    body_short.advance(i);
    return v;
  });
}

}  // namespace omega::patterns
