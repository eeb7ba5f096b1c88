#include "analytics/patterns/two_bar_patterns.hpp"

#include <cmath>

namespace omega::patterns {

void cdl_engulfing(const OhlcSpans& b, std::span<int> out) {
  // TA-Lib 0.6 reports a lookback of 2 although only the prior bar is read. The conditions are
  // combined without branches: on real data they are unpredictable, and mispredictions would
  // cost more than evaluating every term.
  scan_bars(b, out, 2, [&](std::size_t i) {
    const double o = b.open[i];
    const double c = b.close[i];
    const double po = b.open[i - 1];
    const double pc = b.close[i - 1];
    const bool white = c >= o;
    const bool prior_white = pc >= po;
    const bool white_engulfs =
        white & !prior_white & (((c >= po) & (o < pc)) | ((c > po) & (o <= pc)));
    const bool black_engulfs =
        !white & prior_white & (((o >= pc) & (c < po)) | ((o > pc) & (c <= po)));
    const int color = white ? 1 : -1;
    const int score = (o != pc) & (c != po) ? 100 : 80;
    return (white_engulfs | black_engulfs) ? color * score : 0;
  });
}

void cdl_harami(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 11;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyLong> body_long(b, kLookback, 1);
  CandleAverage<kBodyShort> body_short(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const double top = std::fmax(b.close[i], b.open[i]);
    const double bottom = std::fmin(b.close[i], b.open[i]);
    const double prior_top = std::fmax(b.close[i - 1], b.open[i - 1]);
    const double prior_bottom = std::fmin(b.close[i - 1], b.open[i - 1]);
    const bool setup = all_of(b.body(i - 1) > body_long.at(i), b.body(i) <= body_short.at(i));
    const bool inside = all_of(top <= prior_top, bottom >= prior_bottom);
    const bool strictly = all_of((top < prior_top), (bottom > prior_bottom));
    const int v = score_if(setup & inside, -b.color(i - 1) * (strictly ? 100 : 80));
    body_long.advance(i);
    body_short.advance(i);
    return v;
  });
}

void cdl_piercing(const OhlcSpans& b, std::span<int> out) {
  constexpr std::size_t kLookback = 11;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyLong> long_prior(b, kLookback, 1);
  CandleAverage<kBodyLong> long_this(b, kLookback, 0);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = score_if(
        all_of(b.color(i - 1) == -1, b.body(i - 1) > long_prior.at(i), b.color(i) == 1,
               b.body(i) > long_this.at(i), b.open[i] < b.low[i - 1], (b.close[i] < b.open[i - 1]),
               (b.close[i] > b.close[i - 1] + b.body(i - 1) * 0.5)),
        100);
    long_prior.advance(i);
    long_this.advance(i);
    return v;
  });
}

void cdl_dark_cloud_cover(const OhlcSpans& b, std::span<int> out, double penetration) {
  constexpr std::size_t kLookback = 11;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kBodyLong> long_prior(b, kLookback, 1);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v =
        score_if(all_of(b.color(i - 1) == 1, b.body(i - 1) > long_prior.at(i), b.color(i) == -1,
                        b.open[i] > b.high[i - 1], b.close[i] > b.open[i - 1],
                        b.close[i] < b.close[i - 1] - b.body(i - 1) * penetration),
                 -100);
    long_prior.advance(i);
    return v;
  });
}

namespace {

template <typename Match>
void tweezer(const OhlcSpans& b, std::span<int> out, Match match) {
  constexpr std::size_t kLookback = 6;
  if (b.size() <= kLookback) return scan_bars(b, out, kLookback, [](std::size_t) { return 0; });
  CandleAverage<kEqual> equal(b, kLookback, 1);
  scan_bars(b, out, kLookback, [&](std::size_t i) {
    const int v = match(i, equal.at(i));
    equal.advance(i);
    return v;
  });
}

}  // namespace

void tweezer_top(const OhlcSpans& b, std::span<int> out) {
  tweezer(b, out, [&b](std::size_t i, double equal) {
    return score_if(all_of(b.color(i - 1) == 1, b.color(i) == -1,
                           std::fabs(b.high[i] - b.high[i - 1]) <= equal),
                    -100);
  });
}

void tweezer_bottom(const OhlcSpans& b, std::span<int> out) {
  tweezer(b, out, [&b](std::size_t i, double equal) {
    return score_if(
        all_of(b.color(i - 1) == -1, b.color(i) == 1, std::fabs(b.low[i] - b.low[i - 1]) <= equal),
        100);
  });
}

}  // namespace omega::patterns
