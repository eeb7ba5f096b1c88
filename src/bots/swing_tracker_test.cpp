// SwingTracker: pivots confirmed `strength` bars late, alternation, and the trend.
#include "bots/swing_tracker.hpp"

#include <gtest/gtest.h>

namespace omega::bots {
namespace {

// Highs and lows of an uptrend: low 90 (bar 2), high 112 (5), low 96 (8), high 120 (11).
constexpr std::int64_t kHighs[] = {105, 103, 101, 104, 108, 112, 110,
                                   107, 106, 109, 115, 120, 118, 117};
constexpr std::int64_t kLows[] = {100, 98, 90, 95, 100, 104, 103, 100, 96, 100, 105, 110, 112, 113};

TEST(SwingTracker, ConfirmsPivotsLateAndReadsTheTrend) {
  SwingTracker tracker(2);
  std::vector<std::pair<int, Swing>> confirmed;
  for (int i = 0; i < 14; ++i) {
    if (auto s = tracker.update(kHighs[i], kLows[i])) confirmed.emplace_back(i, *s);
    if (i < 13) {
      EXPECT_NE(tracker.trend(), Trend::kUp) << "bar " << i;
    }
  }
  ASSERT_EQ(confirmed.size(), 4u);
  // Each pivot is known two bars after it happened, never earlier.
  EXPECT_EQ(confirmed[0].first, 4);
  EXPECT_EQ(confirmed[0].second.bar, 2);
  EXPECT_EQ(confirmed[0].second.price, 90);
  EXPECT_FALSE(confirmed[0].second.is_high);
  EXPECT_EQ(confirmed[1].second.price, 112);
  EXPECT_EQ(confirmed[2].second.price, 96);
  EXPECT_EQ(confirmed[3].first, 13);
  EXPECT_EQ(confirmed[3].second.price, 120);
  EXPECT_EQ(tracker.trend(), Trend::kUp);
}

TEST(SwingTracker, KeepsTheMoreExtremeOfTwoSameKindPivots) {
  SwingTracker tracker(1);
  // Highs at bars 1 (10) and 3 (12) with no lower pivot low between them.
  const std::int64_t highs[] = {5, 10, 9, 12, 8, 7};
  const std::int64_t lows[] = {1, 2, 2, 3, 3, 3};
  for (int i = 0; i < 6; ++i) (void)tracker.update(highs[i], lows[i]);
  ASSERT_FALSE(tracker.swings().empty());
  int high_count = 0;
  for (const auto& s : tracker.swings()) high_count += s.is_high ? 1 : 0;
  EXPECT_EQ(high_count, 1);
  EXPECT_EQ(tracker.swings().back().price, 12);
}

}  // namespace
}  // namespace omega::bots
