#include "data/candle_series.hpp"

#include <gtest/gtest.h>

namespace omega::data {
namespace {

CandleSeries three_minutes() {
  CandleSeries s(2, 3);
  s.push_back_raw(60 * kNanosPerSecond, 10050, 10100, 10000, 10075, 1500);
  s.push_back_raw(120 * kNanosPerSecond, 10075, 10200, 10050, 10150, 250);
  s.push_back_raw(180 * kNanosPerSecond, 10150, 10150, 9900, 9950, 0);
  return s;
}

TEST(CandleSeries, AccessorsGiveExactCandles) {
  const CandleSeries s = three_minutes();
  ASSERT_EQ(s.size(), 3u);
  const Candle c = s.candle(0);
  EXPECT_EQ(c.open_time, Timestamp::from_s(60));
  EXPECT_EQ(c.open, *Price::parse("100.50"));
  EXPECT_EQ(c.high, *Price::parse("101"));
  EXPECT_EQ(c.low.to_string(), "100.00");
  EXPECT_EQ(c.volume, *Quantity::parse("1.5"));
  EXPECT_EQ(s.close(2).raw(), 9950);
}

TEST(CandleSeries, DoubleViewsScaleByPrecision) {
  const CandleSeries s = three_minutes();
  const std::vector<double> close = s.to_doubles(Column::kClose);
  ASSERT_EQ(close.size(), 3u);
  EXPECT_DOUBLE_EQ(close[0], 100.75);
  EXPECT_DOUBLE_EQ(s.to_doubles(Column::kVolume)[1], 0.25);
  EXPECT_DOUBLE_EQ(s.to_doubles(Column::kOpenTime)[2], 180.0);
}

TEST(CandleSeries, PrecisionChangesAreExactOrRefused) {
  CandleSeries s = three_minutes();
  ASSERT_TRUE(s.set_price_precision(4).ok());
  EXPECT_EQ(s.open_raw()[0], 1005000);
  ASSERT_TRUE(s.set_price_precision(1).ok() == false);  // 100.75 needs two digits
  EXPECT_EQ(s.price_precision(), 4);                    // unchanged after the failure
  ASSERT_TRUE(s.set_price_precision(2).ok());
  EXPECT_EQ(s, three_minutes());
  EXPECT_FALSE(s.set_volume_precision(19).ok());
}

TEST(CandleSeries, GatherReordersRows) {
  const CandleSeries s = three_minutes();
  const std::vector<std::size_t> rows = {2, 0};
  const CandleSeries g = s.gather(rows);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g.open_time(0), Timestamp::from_s(180));
  EXPECT_EQ(g.open_time(1), Timestamp::from_s(60));
}

TEST(DetectTimeframe, UsesTheMostCommonSpacing) {
  CandleSeries s(0, 0);
  for (const int minute : {0, 5, 10, 15, 30, 35, 40}) {
    s.push_back_raw(minute * kNanosPerMinute, 1, 1, 1, 1, 0);
  }
  EXPECT_EQ(detect_timeframe(s), Timeframe::m5());
}

TEST(DetectTimeframe, IgnoresOrderAndDuplicates) {
  CandleSeries s(0, 0);
  for (const int hour : {5, 4, 4, 3, 2, 1}) s.push_back_raw(hour * kNanosPerHour, 1, 1, 1, 1, 0);
  EXPECT_EQ(detect_timeframe(s), Timeframe::h1());
}

TEST(DetectTimeframe, RecognisesMonthsAndFailsOnOneBar) {
  CandleSeries s(0, 0);
  for (const unsigned month : {1u, 2u, 3u, 4u, 5u}) {
    s.push_back_raw(days_from_civil(2024, month, 1) * kNanosPerDay, 1, 1, 1, 1, 0);
  }
  EXPECT_EQ(detect_timeframe(s), Timeframe::mo1());
  CandleSeries one(0, 0);
  one.push_back_raw(0, 1, 1, 1, 1, 0);
  EXPECT_FALSE(detect_timeframe(one).has_value());
}

}  // namespace
}  // namespace omega::data
