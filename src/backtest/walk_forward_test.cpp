// Walk-forward window arithmetic: boundaries, no overlap between training and test data, the
// last partial window, anchored windows and rejected specs.
#include "backtest/walk_forward.hpp"

#include <gtest/gtest.h>

namespace omega::backtest {
namespace {

constexpr std::int64_t kDay = kNanosPerDay;
const Timestamp kStart(1'700'000'000LL * kNanosPerSecond);

Duration days(std::int64_t n) {
  return Duration(n * kDay);
}
Timestamp day(std::int64_t n) {
  return kStart + days(n);
}

WindowSpec spec(std::int64_t train, std::int64_t test, std::int64_t step = 0) {
  WindowSpec s;
  s.train = days(train);
  s.test = days(test);
  s.step = days(step);
  return s;
}

TEST(PlanWindows, RollingWindowsTileTheSpan) {
  // 100 days, train 40, test 20, step 20: tests at [40,60) [60,80) [80,100).
  auto w = plan_windows(day(0), day(100), spec(40, 20));
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  ASSERT_EQ(w->size(), 3u);
  for (std::size_t k = 0; k < w->size(); ++k) {
    const Window& x = (*w)[k];
    EXPECT_EQ(x.index, k);
    EXPECT_EQ(x.train_start, day(20 * static_cast<std::int64_t>(k)));
    EXPECT_EQ(x.train_end, day(40 + 20 * static_cast<std::int64_t>(k)));
    EXPECT_EQ(x.test_start, x.train_end);  // adjacent, never overlapping
    EXPECT_EQ(x.test_end, x.test_start + days(20));
    EXPECT_FALSE(x.partial);
    if (k > 0) {
      EXPECT_EQ(x.test_start, (*w)[k - 1].test_end);  // tests tile without gaps
    }
  }
  EXPECT_EQ(w->back().test_end, day(100));
}

TEST(PlanWindows, LastPartialWindowIsCutOrDropped) {
  // 95 days: the third test window would end at day 100.
  auto kept = plan_windows(day(0), day(95), spec(40, 20));
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 3u);
  EXPECT_TRUE(kept->back().partial);
  EXPECT_EQ(kept->back().test_start, day(80));
  EXPECT_EQ(kept->back().test_end, day(95));
  WindowSpec drop = spec(40, 20);
  drop.keep_partial = false;
  auto dropped = plan_windows(day(0), day(95), drop);
  ASSERT_TRUE(dropped.ok());
  ASSERT_EQ(dropped->size(), 2u);
  EXPECT_EQ(dropped->back().test_end, day(80));
}

TEST(PlanWindows, AnchoredTrainingAlwaysStartsAtTheFirstBar) {
  WindowSpec s = spec(30, 10);
  s.anchored = true;
  auto w = plan_windows(day(0), day(60), s);
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->size(), 3u);
  for (std::size_t k = 0; k < w->size(); ++k) {
    EXPECT_EQ((*w)[k].train_start, day(0));
    EXPECT_EQ((*w)[k].train_end, day(30 + 10 * static_cast<std::int64_t>(k)));
    EXPECT_EQ((*w)[k].test_start, (*w)[k].train_end);
  }
}

TEST(PlanWindows, StepLongerThanTestLeavesGaps) {
  auto w = plan_windows(day(0), day(100), spec(30, 10, 25));
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->size(), 3u);  // tests at [30,40) [55,65) [80,90); the next would start at 105
  EXPECT_EQ((*w)[1].test_start, day(55));
  EXPECT_EQ((*w)[2].test_end, day(90));
}

TEST(PlanWindows, BadSpecsAreRejected) {
  const std::vector<std::pair<WindowSpec, std::string>> cases = {
      {spec(0, 10), "--train must be a positive"},
      {spec(10, 0), "--test must be a positive"},
      {spec(-5, 10), "--train must be a positive"},
      {spec(30, 10, 5), "--step 5d is shorter than --test 10d"},
      {spec(100, 10), "no walk-forward window fits: the data spans 60d"},
      {spec(60, 10), "no walk-forward window fits"},
  };
  for (const auto& [s, message] : cases) {
    auto w = plan_windows(day(0), day(60), s);
    ASSERT_FALSE(w.ok()) << message;
    EXPECT_NE(w.error().to_string().find(message), std::string::npos) << w.error().to_string();
  }
  WindowSpec whole = spec(50, 10);
  whole.keep_partial = false;
  EXPECT_FALSE(plan_windows(day(0), day(55), whole).ok());  // only a partial test would fit
  EXPECT_TRUE(plan_windows(day(0), day(60), whole).ok());
}

TEST(RowsWithin, BarsStraddlingABoundaryBelongToNeitherSide) {
  // 6-hour bars starting at 03:00, so days do not split them evenly.
  data::CandleSeries bars(2, 2);
  const std::int64_t six_h = 6 * kNanosPerHour;
  for (int i = 0; i < 12; ++i) {
    bars.push_back_raw(kStart.ns() + 3 * kNanosPerHour + i * six_h, 100, 110, 90, 105, 1);
  }
  const Timeframe tf = Timeframe::from_duration(Duration(six_h)).value();
  const auto train = rows_within(bars, tf, day(0), day(1));
  const auto test = rows_within(bars, tf, day(1), day(2));
  // Day 0 holds bars opening 03:00, 09:00, 15:00 (closing by 21:00); the 21:00 bar closes on
  // day 1 at 03:00 and is in neither window, so the training data never sees day 1's prices.
  EXPECT_EQ(train, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(test, (std::vector<std::size_t>{4, 5, 6}));
  for (std::size_t r : train) {
    EXPECT_LE(bars.open_time(r).ns() + six_h, day(1).ns());
  }
  for (std::size_t r : test) EXPECT_GE(bars.open_time(r).ns(), day(1).ns());
}

}  // namespace
}  // namespace omega::backtest
