// Tests swing detection on hand-built paths and the no-look-ahead property on random walks.
#include "analytics/fibonacci/swing.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "analytics/fibonacci/fractal.hpp"
#include "analytics/fibonacci/swing_tracker.hpp"
#include "analytics/fibonacci/zigzag.hpp"
#include "analytics/indicators/atr.hpp"

namespace omega::fib {
namespace {

// Bars with a random-walk close and a random range around it, from a fixed seed.
struct Walk {
  std::vector<double> high, low, close;
};

Walk random_walk(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 0.01);
  std::uniform_real_distribution<double> wick(0.0, 0.006);
  Walk w;
  double price = 100.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double open = price;
    price *= std::exp(step(rng));
    w.high.push_back(std::max(open, price) * (1.0 + wick(rng)));
    w.low.push_back(std::min(open, price) * (1.0 - wick(rng)));
    w.close.push_back(price);
  }
  return w;
}

// The zigzag rule written directly over whole columns (no buffers), to check the tracker's
// buffer bookkeeping, including its compaction, which only starts after 4,096 buffered bars.
std::vector<Swing> reference_zigzag_percent(const Walk& w, double percent) {
  std::vector<Swing> out;
  const double f = percent / 100.0;
  bool up = false;
  bool down = false;
  std::size_t hi_idx = 0;
  std::size_t lo_idx = 0;
  double hi = w.high[0];
  double lo = w.low[0];
  for (std::size_t i = 1; i < w.high.size(); ++i) {
    if (!down && w.low[i] <= hi - std::abs(hi) * f) {
      out.push_back({hi_idx, i, hi, SwingKind::kHigh});
      up = false;
      down = true;
      lo = w.low[i];
      lo_idx = i;
      for (std::size_t j = hi_idx + 1; j < i; ++j) {
        if (w.low[j] < lo) {
          lo = w.low[j];
          lo_idx = j;
        }
      }
      continue;
    }
    if (!up && w.high[i] >= lo + std::abs(lo) * f) {
      out.push_back({lo_idx, i, lo, SwingKind::kLow});
      up = true;
      down = false;
      hi = w.high[i];
      hi_idx = i;
      for (std::size_t j = lo_idx + 1; j < i; ++j) {
        if (w.high[j] > hi) {
          hi = w.high[j];
          hi_idx = j;
        }
      }
      continue;
    }
    if (!down && w.high[i] > hi) {
      hi = w.high[i];
      hi_idx = i;
    }
    if (!up && w.low[i] < lo) {
      lo = w.low[i];
      lo_idx = i;
    }
  }
  return out;
}

TEST(ZigzagPercent, TrackerMatchesADirectImplementationOnLongLegs) {
  // Wide thresholds on a long walk give legs of thousands of bars, so the buffers compact.
  const Walk w = random_walk(200000, 5);
  for (const double pct : {1.0, 10.0, 40.0}) {
    const auto got = zigzag_percent(w.high, w.low, pct);
    EXPECT_EQ(got, reference_zigzag_percent(w, pct)) << pct;
    EXPECT_FALSE(got.empty()) << pct;
  }
}

TEST(ZigzagPercent, FindsTheKnownSwingsOfAHandBuiltPath) {
  const std::vector<double> p = {100, 105, 110, 104, 98, 97, 103, 108, 112, 100, 95};
  const auto swings = zigzag_percent(p, p, 10.0);
  const std::vector<Swing> want = {{0, 2, 100, SwingKind::kLow},
                                   {2, 4, 110, SwingKind::kHigh},
                                   {5, 7, 97, SwingKind::kLow},
                                   {8, 9, 112, SwingKind::kHigh}};
  EXPECT_EQ(swings, want);
}

TEST(ZigzagPercent, UsesHighsForTopsAndLowsForBottoms) {
  const std::vector<double> high = {12, 11.5, 11, 9, 9.5, 11};
  const std::vector<double> low = {11, 10.5, 10, 8, 9, 10};
  const auto swings = zigzag_percent(high, low, 20.0);
  // 12 - 20% = 9.6 is crossed by the low 8 at bar 3; 8 + 20% = 9.6 by the high 11 at bar 5.
  const std::vector<Swing> want = {{0, 3, 12, SwingKind::kHigh}, {3, 5, 8, SwingKind::kLow}};
  EXPECT_EQ(swings, want);
}

TEST(ZigzagPercent, FlatAndTinySeriesGiveNoSwings) {
  const std::vector<double> flat(50, 7.0);
  EXPECT_TRUE(zigzag_percent(flat, flat, 1.0).empty());
  EXPECT_TRUE(zigzag_percent({}, {}, 1.0).empty());
  const std::vector<double> one = {5.0};
  EXPECT_TRUE(zigzag_percent(one, one, 1.0).empty());
}

TEST(ZigzagAtr, ReversesByAMultipleOfTheAtr) {
  // A saw-tooth with true range 2 on every bar: ATR(3) = 2 from bar 3, so 2 x ATR = 4.
  std::vector<double> high, low, close;
  const std::vector<double> mid = {10, 10, 10, 10, 12, 14, 16, 14, 12, 10, 12, 14};
  for (const double m : mid) {
    high.push_back(m + 1);
    low.push_back(m - 1);
    close.push_back(m);
  }
  std::vector<double> atr(mid.size());
  indicators::atr(high, low, close, 3, atr);
  EXPECT_TRUE(std::isnan(atr[2]));
  EXPECT_GT(atr[3], 0.0);
  const auto swings = zigzag_atr(high, low, close, 2.0, 3);
  ASSERT_GE(swings.size(), 2u);
  EXPECT_EQ(swings[0].kind, SwingKind::kLow);
  EXPECT_EQ(swings[1].kind, SwingKind::kHigh);
  EXPECT_EQ(swings[1].pivot_index, 6u);
  EXPECT_DOUBLE_EQ(swings[1].price, 17.0);
  for (const Swing& s : swings) EXPECT_GE(s.confirmed_index, 3u);
}

TEST(FractalPivots, ConfirmsRightBarsAfterThePivot) {
  const std::vector<double> high = {1, 2, 3, 2, 1, 2, 5, 4, 3, 2, 1};
  std::vector<double> low;
  for (const double h : high) low.push_back(h - 0.5);
  const auto swings = fractal_pivots(high, low, 2, 2);
  const std::vector<Swing> want = {
      {2, 4, 3, SwingKind::kHigh}, {4, 6, 0.5, SwingKind::kLow}, {6, 8, 5, SwingKind::kHigh}};
  EXPECT_EQ(swings, want);
}

TEST(FractalPivots, TheFirstOfEqualTopsWins) {
  const std::vector<double> high = {1, 3, 3, 1, 0.5};
  const std::vector<double> low = {0, 0, 0, 0, 0};
  const auto swings = fractal_pivots(high, low, 1, 2);
  ASSERT_EQ(swings.size(), 1u);
  EXPECT_EQ(swings[0].pivot_index, 1u);
}

// The heart of the no-look-ahead promise: cutting the series at any bar leaves every swing
// confirmed before the cut exactly as it was, and adds none that the full run does not have.
TEST(NoLookAhead, TruncatingTheSeriesKeepsEveryConfirmedSwing) {
  const Walk w = random_walk(3000, 42);
  for (const char* text : {"zigzag:3%", "atr:2.5", "atr:3,7", "fractal:5", "fractal:3,2"}) {
    const SwingSpec spec = parse_swing_spec(text).value();
    const auto full = detect_swings(spec, w.high, w.low, w.close);
    ASSERT_GT(full.size(), 10u) << text;
    for (std::size_t cut = 1; cut <= w.high.size(); cut += 37) {
      const std::span<const double> h(w.high.data(), cut);
      const std::span<const double> l(w.low.data(), cut);
      const std::span<const double> c(w.close.data(), cut);
      const auto part = detect_swings(spec, h, l, c);
      const auto known = swings_known_at(full, cut - 1);
      ASSERT_EQ(part.size(), known.size()) << text << " cut " << cut;
      for (std::size_t k = 0; k < part.size(); ++k) {
        EXPECT_EQ(part[k], known[k]) << text << " cut " << cut << " swing " << k;
        EXPECT_LT(part[k].confirmed_index, cut);
        EXPECT_LE(part[k].pivot_index, part[k].confirmed_index);
      }
    }
  }
}

// The ATR the tracker keeps internally must be the batch ATR, or ATR swings would differ.
TEST(ZigzagTracker, StreamingAtrSwingsEqualABatchRecomputation) {
  const Walk w = random_walk(2000, 9);
  std::vector<double> atr(w.high.size());
  indicators::atr(w.high, w.low, w.close, 14, atr);
  ZigzagTracker tracker = ZigzagTracker::by_atr(2.0, 14);
  std::vector<Swing> streamed;
  for (std::size_t i = 0; i < w.high.size(); ++i) {
    if (auto s = tracker.update(w.high[i], w.low[i], w.close[i])) {
      EXPECT_EQ(s->confirmed_index, i);
      // The confirming low (high) crossed the extreme by 2 ATRs of that bar.
      if (s->kind == SwingKind::kHigh) {
        EXPECT_LE(w.low[i], s->price - 2.0 * atr[i]);
      } else {
        EXPECT_GE(w.high[i], s->price + 2.0 * atr[i]);
      }
      streamed.push_back(*s);
    }
  }
  EXPECT_EQ(tracker.bars(), w.high.size());
  EXPECT_EQ(streamed, zigzag_atr(w.high, w.low, w.close, 2.0, 14));
  EXPECT_GT(streamed.size(), 10u);
}

TEST(FractalTracker, ReportsThePivotRightBarsBack) {
  FractalTracker t(2, 1);
  const std::vector<double> high = {1, 2, 5, 3, 2};
  std::vector<FractalUpdate> ups;
  for (const double h : high) ups.push_back(t.update(h, h - 1));
  EXPECT_FALSE(ups[2].high.has_value());
  ASSERT_TRUE(ups[3].high.has_value());
  EXPECT_EQ(*ups[3].high, (Swing{2, 3, 5, SwingKind::kHigh}));
  EXPECT_FALSE(ups[4].high.has_value());
}

TEST(SwingSpec, ParsesAndRejects) {
  auto z = parse_swing_spec("zigzag:5%");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(z->method, SwingSpec::Method::kZigzagPercent);
  EXPECT_DOUBLE_EQ(z->percent, 5.0);
  EXPECT_DOUBLE_EQ(parse_swing_spec("zigzag:2.5")->percent, 2.5);
  auto a = parse_swing_spec("atr:3");
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(a->atr_multiple, 3.0);
  EXPECT_EQ(a->atr_period, 14);
  EXPECT_EQ(parse_swing_spec("atr:2,21")->atr_period, 21);
  auto f = parse_swing_spec("fractal:5");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->left, 5);
  EXPECT_EQ(f->right, 5);
  EXPECT_EQ(parse_swing_spec("fractal:3,1")->right, 1);
  for (const char* bad : {"zigzag", "zigzag:-1%", "zigzag:100%", "zigzag:x", "atr:0", "atr:2,0",
                          "fractal:0", "fractal:2,x", "wave:3", ""}) {
    EXPECT_FALSE(parse_swing_spec(bad).ok()) << bad;
  }
  EXPECT_EQ(parse_swing_spec("bogus:1").error().code(), ErrorCode::kInvalidArgument);
}

TEST(SwingLegs, PairsAlternatingSwingsAndKeepsTheMoreExtremeOfTwins) {
  const std::vector<Swing> swings = {{0, 2, 10, SwingKind::kLow},
                                     {3, 5, 20, SwingKind::kHigh},
                                     {6, 8, 22, SwingKind::kHigh},
                                     {9, 11, 15, SwingKind::kLow}};
  const auto legs = swing_legs(swings);
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_TRUE(legs[0].up());
  EXPECT_DOUBLE_EQ(legs[0].size(), 10.0);
  EXPECT_EQ(legs[1].from.pivot_index, 6u);
  EXPECT_FALSE(legs[1].up());
}

}  // namespace
}  // namespace omega::fib
