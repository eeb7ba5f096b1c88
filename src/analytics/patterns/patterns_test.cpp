// Tests every pattern on hand-built candles: a quiet baseline (body 1, range 2) that matches
// nothing, then the bars of one pattern; the settings' averages are then known by hand
// (BodyLong/BodyShort 1, BodyDoji and ShadowVeryShort 0.2, Near 0.4, Equal 0.1).
#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "analytics/patterns/pattern_registry.hpp"
#include "analytics/patterns/two_bar_patterns.hpp"

namespace omega::patterns {
namespace {

struct Candles {
  std::vector<double> open, high, low, close;

  Candles& add(double o, double h, double l, double c) {
    open.push_back(o);
    high.push_back(h);
    low.push_back(l);
    close.push_back(c);
    return *this;
  }
  OhlcSpans spans() const { return {open, high, low, close}; }
  std::vector<int> run(Pattern p) const {
    std::vector<int> out(close.size(), -7);
    run_pattern(p, spans(), out);
    return out;
  }
  int last(Pattern p) const { return run(p).back(); }
};

Candles baseline(std::size_t n = 14) {
  Candles c;
  for (std::size_t i = 0; i < n; ++i) c.add(100, 101.5, 99.5, 101);
  return c;
}

TEST(Patterns, QuietBaselineMatchesNothing) {
  const Candles c = baseline(40);
  for (const Pattern p : all_patterns()) {
    const auto out = c.run(p);
    for (const int v : out) ASSERT_EQ(v, 0) << to_string(p);
  }
}

TEST(Patterns, ShortSeriesGiveZerosNotCrashes) {
  for (std::size_t n = 0; n < 16; ++n) {
    const Candles c = baseline(n);
    for (const Pattern p : all_patterns()) {
      const auto out = c.run(p);
      for (const int v : out) ASSERT_EQ(v, 0) << to_string(p) << " n=" << n;
    }
  }
}

TEST(Patterns, DojiFamily) {
  EXPECT_EQ(baseline().add(100, 101, 99, 100.1).last(Pattern::kDoji), 100);
  const Candles dragonfly = baseline().add(100, 100.1, 98, 100.05);
  EXPECT_EQ(dragonfly.last(Pattern::kDoji), 100);
  EXPECT_EQ(dragonfly.last(Pattern::kDragonflyDoji), 100);
  EXPECT_EQ(dragonfly.last(Pattern::kGravestoneDoji), 0);
  const Candles gravestone = baseline().add(100, 102, 99.95, 100.05);
  EXPECT_EQ(gravestone.last(Pattern::kGravestoneDoji), 100);
  EXPECT_EQ(gravestone.last(Pattern::kDragonflyDoji), 0);
  // A body of 0.3 is more than 10% of the mean range (0.2): no doji.
  EXPECT_EQ(baseline().add(100, 101, 99, 100.3).last(Pattern::kDoji), 0);
}

TEST(Patterns, HammerAndHangingMan) {
  const Candles hammer = baseline().add(99.6, 99.85, 98.5, 99.8);
  EXPECT_EQ(hammer.last(Pattern::kHammer), 100);
  EXPECT_EQ(hammer.last(Pattern::kHangingMan), 0);
  const Candles hanging = baseline().add(101.4, 101.65, 100.2, 101.6);
  EXPECT_EQ(hanging.last(Pattern::kHangingMan), -100);
  EXPECT_EQ(hanging.last(Pattern::kHammer), 0);
  // An upper shadow of 0.3 is not "very short" (< 0.2).
  EXPECT_EQ(baseline().add(99.6, 100.1, 98.5, 99.8).last(Pattern::kHammer), 0);
}

TEST(Patterns, InvertedHammerAndShootingStar) {
  const Candles inverted = baseline().add(99.7, 101, 99.65, 99.8);
  EXPECT_EQ(inverted.last(Pattern::kInvertedHammer), 100);
  EXPECT_EQ(inverted.last(Pattern::kShootingStar), 0);
  const Candles star = baseline().add(101.2, 102.5, 101.05, 101.1);
  EXPECT_EQ(star.last(Pattern::kShootingStar), -100);
  EXPECT_EQ(star.last(Pattern::kInvertedHammer), 0);
  // Without the body gap there is no shooting star.
  EXPECT_EQ(baseline().add(100.9, 102.5, 100.75, 100.8).last(Pattern::kShootingStar), 0);
}

TEST(Patterns, MarubozuAndSpinningTop) {
  EXPECT_EQ(baseline().add(100, 102.05, 99.95, 102).last(Pattern::kMarubozu), 100);
  EXPECT_EQ(baseline().add(102, 102.05, 99.95, 100).last(Pattern::kMarubozu), -100);
  EXPECT_EQ(baseline().add(100, 102.5, 99.95, 102).last(Pattern::kMarubozu), 0);
  EXPECT_EQ(baseline().add(100, 101, 99.5, 100.3).last(Pattern::kSpinningTop), 100);
  EXPECT_EQ(baseline().add(100.3, 101, 99.5, 100).last(Pattern::kSpinningTop), -100);
  EXPECT_EQ(baseline().add(100, 100.4, 99.5, 100.3).last(Pattern::kSpinningTop), 0);
}

TEST(Patterns, EngulfingScoresFullAndEqualEnds) {
  EXPECT_EQ(baseline().add(101.5, 101.6, 99.4, 99.5).last(Pattern::kEngulfing), -100);
  EXPECT_EQ(baseline().add(101, 101.6, 99.4, 99.5).last(Pattern::kEngulfing), -80);
  Candles bull = baseline();
  bull.add(101, 101.2, 99.8, 100);
  EXPECT_EQ(Candles(bull).add(99.5, 101.8, 99.4, 101.5).last(Pattern::kEngulfing), 100);
  EXPECT_EQ(Candles(bull).add(100, 101.8, 99.9, 101.5).last(Pattern::kEngulfing), 80);
  EXPECT_EQ(Candles(bull).add(100.2, 101.8, 99.9, 100.8).last(Pattern::kEngulfing), 0);
}

TEST(Patterns, HaramiInsideALongBody) {
  Candles c = baseline();
  c.add(100, 102.1, 99.9, 102);
  EXPECT_EQ(Candles(c).add(101.2, 101.3, 100.7, 100.8).last(Pattern::kHarami), -100);
  EXPECT_EQ(Candles(c).add(102, 102.1, 101.5, 101.6).last(Pattern::kHarami), -80);
  EXPECT_EQ(Candles(c).add(101.2, 102.5, 100.7, 102.4).last(Pattern::kHarami), 0);
  Candles black = baseline();
  black.add(102, 102.1, 99.9, 100);
  EXPECT_EQ(black.add(100.8, 101.3, 100.7, 101.2).last(Pattern::kHarami), 100);
}

TEST(Patterns, PiercingAndDarkCloud) {
  Candles down = baseline();
  down.add(102, 102.1, 99.9, 100);
  EXPECT_EQ(Candles(down).add(99.5, 101.3, 99.4, 101.2).last(Pattern::kPiercing), 100);
  // Closing under the midpoint (101) is not a piercing line.
  EXPECT_EQ(Candles(down).add(99.5, 101, 99.4, 100.9).last(Pattern::kPiercing), 0);
  Candles up = baseline();
  up.add(100, 102.1, 99.9, 102);
  EXPECT_EQ(Candles(up).add(102.5, 102.6, 100.7, 100.8).last(Pattern::kDarkCloudCover), -100);
  EXPECT_EQ(Candles(up).add(102, 102.6, 100.7, 100.8).last(Pattern::kDarkCloudCover), 0);
  const Candles shallow = Candles(up).add(102.5, 102.6, 101.2, 101.3);
  EXPECT_EQ(shallow.last(Pattern::kDarkCloudCover), 0);
  std::vector<int> out(shallow.close.size());
  cdl_dark_cloud_cover(shallow.spans(), out, 0.3);
  EXPECT_EQ(out.back(), -100);
}

TEST(Patterns, MorningAndEveningStar) {
  const Candles morning = baseline()
                              .add(102, 102.1, 99.9, 100)
                              .add(99.5, 99.7, 99.4, 99.6)
                              .add(99.8, 101.6, 99.7, 101.5);
  EXPECT_EQ(morning.last(Pattern::kMorningStar), 100);
  EXPECT_EQ(morning.last(Pattern::kEveningStar), 0);
  const Candles evening = baseline()
                              .add(100, 102.1, 99.9, 102)
                              .add(102.3, 102.5, 102.2, 102.4)
                              .add(102.2, 102.3, 100.4, 100.5);
  EXPECT_EQ(evening.last(Pattern::kEveningStar), -100);
  // No gap between the first body and the star: nothing.
  const Candles no_gap = baseline()
                             .add(100, 102.1, 99.9, 102)
                             .add(101.9, 102.1, 101.8, 102)
                             .add(102.2, 102.3, 100.4, 100.5);
  EXPECT_EQ(no_gap.last(Pattern::kEveningStar), 0);
}

TEST(Patterns, ThreeWhiteSoldiersAndThreeBlackCrows) {
  const Candles soldiers = baseline()
                               .add(101, 102.55, 100.9, 102.5)
                               .add(102, 103.55, 101.9, 103.5)
                               .add(103, 104.55, 102.9, 104.5);
  EXPECT_EQ(soldiers.last(Pattern::kThreeWhiteSoldiers), 100);
  // A long upper shadow on the last soldier breaks the pattern.
  const Candles tired = baseline()
                            .add(101, 102.55, 100.9, 102.5)
                            .add(102, 103.55, 101.9, 103.5)
                            .add(103, 105.5, 102.9, 104.5);
  EXPECT_EQ(tired.last(Pattern::kThreeWhiteSoldiers), 0);
  const Candles crows = baseline()
                            .add(101, 101.05, 99.45, 99.5)
                            .add(100, 100.05, 98.45, 98.5)
                            .add(99, 99.05, 97.45, 97.5);
  EXPECT_EQ(crows.last(Pattern::kThreeBlackCrows), -100);
  const Candles gap_down = baseline()
                               .add(101, 101.05, 99.45, 99.5)
                               .add(99.2, 99.25, 98.45, 98.5)
                               .add(99, 99.05, 97.45, 97.5);
  EXPECT_EQ(gap_down.last(Pattern::kThreeBlackCrows), 0);
}

TEST(Patterns, Tweezers) {
  EXPECT_EQ(baseline().add(101, 101.5, 99.9, 100).last(Pattern::kTweezerTop), -100);
  EXPECT_EQ(baseline().add(101, 101.8, 99.9, 100).last(Pattern::kTweezerTop), 0);
  Candles c = baseline();
  c.add(101, 101.5, 99.5, 100);
  EXPECT_EQ(Candles(c).add(100, 101.2, 99.5, 101).last(Pattern::kTweezerBottom), 100);
  EXPECT_EQ(Candles(c).add(100, 101.2, 99.1, 101).last(Pattern::kTweezerBottom), 0);
}

TEST(PatternRegistry, NamesRoundTripAndTalibNamesParse) {
  for (const Pattern p : all_patterns()) {
    EXPECT_EQ(parse_pattern(to_string(p)).value(), p);
    if (!talib_name(p).empty()) {
      EXPECT_EQ(parse_pattern(talib_name(p)).value(), p);
    }
    EXPECT_GE(lookback(p), 2);
  }
  EXPECT_EQ(parse_pattern("Three_White_Soldiers").value(), Pattern::kThreeWhiteSoldiers);
  EXPECT_EQ(parse_pattern("cdl3blackcrows").value(), Pattern::kThreeBlackCrows);
  EXPECT_FALSE(parse_pattern("abandoned-baby").ok());
  EXPECT_FALSE(parse_pattern("").ok());
  EXPECT_EQ(all_patterns().size(), 19u);
}

TEST(PatternRegistry, NothingFiresBeforeTheLookback) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Candles c;
  double p = 100;
  for (int i = 0; i < 500; ++i) {
    const double o = p;
    p += u(rng);
    c.add(o, std::max(o, p) + std::abs(u(rng)) * 0.5, std::min(o, p) - std::abs(u(rng)) * 0.5, p);
  }
  int fired = 0;
  for (const Pattern pat : all_patterns()) {
    const auto out = c.run(pat);
    for (int i = 0; i < lookback(pat); ++i) EXPECT_EQ(out[static_cast<std::size_t>(i)], 0);
    for (const int v : out) {
      EXPECT_TRUE(v == 0 || v == 100 || v == -100 || v == 80 || v == -80) << v;
      fired += v != 0;
    }
  }
  EXPECT_GT(fired, 0);
}

}  // namespace
}  // namespace omega::patterns
