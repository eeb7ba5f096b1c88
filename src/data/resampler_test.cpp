#include "data/resampler.hpp"

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "data/test_support.hpp"

namespace omega::data {
namespace {

using testing::data_file;

// 1m -> 5m over the bundled data must reproduce Binance's own 5m bars exactly wherever both
// files have the bar (overlap 2025-05-20 .. 2025-07-02).
TEST(Resample, OneMinuteToFiveMinutesEqualsBinanceFiveMinuteBars) {
  auto m1 = read_candles(data_file("market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz"));
  auto m5 = read_candles(data_file("market/binance_btcusdt_5m_2024-03-01_2025-07-02.csv.gz"));
  ASSERT_TRUE(m1.ok() && m5.ok());
  auto r = resample_candles(m1->series,
                            ResampleOptions{Timeframe::m5(), std::nullopt, EdgePolicy::kDrop});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const CandleSeries& mine = r->series;
  const CandleSeries& venue = m5->series;
  EXPECT_EQ(mine.size(), 130'708u / 5);  // the 1m file has no gaps and starts on a 5m boundary
  EXPECT_EQ(r->incomplete_buckets, 0u);
  std::size_t j = 0;
  std::size_t compared = 0;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    while (j < venue.size() && venue.open_time(j) < mine.open_time(i)) ++j;
    if (j == venue.size()) break;
    if (venue.open_time(j) != mine.open_time(i)) continue;
    const Candle a = mine.candle(i);
    const Candle b = venue.candle(j);
    ASSERT_EQ(a.open, b.open) << format_iso8601(a.open_time);
    ASSERT_EQ(a.high, b.high) << format_iso8601(a.open_time);
    ASSERT_EQ(a.low, b.low) << format_iso8601(a.open_time);
    ASSERT_EQ(a.close, b.close) << format_iso8601(a.open_time);
    ASSERT_EQ(a.volume, b.volume) << format_iso8601(a.open_time);
    ++compared;
  }
  // The 5m file ends at 2025-07-02T05:45Z: 43 days of 288 bars plus 70 (counted with awk).
  EXPECT_EQ(compared, 43u * 288u + 70u);
}

CandleSeries minutes(std::initializer_list<int> offsets, std::int64_t start_ns) {
  CandleSeries s(0, 0);
  for (const int m : offsets) {
    const std::int64_t p = 100 + m;
    s.push_back_raw(start_ns + m * kNanosPerMinute, p, p + 10, p - 10, p + 1, 1);
  }
  return s;
}

TEST(Resample, PartialEdgesAreDroppedOrFlagged) {
  // Starts at :03 (first 5m bucket partial), gap at :12 (interior bucket incomplete), ends at :21.
  const std::int64_t base = 1704067200000 * kNanosPerMilli;  // 2024-01-01T00:00Z
  const CandleSeries s =
      minutes({3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21}, base);
  auto dropped =
      resample_candles(s, ResampleOptions{Timeframe::m5(), Timeframe::m1(), EdgePolicy::kDrop});
  ASSERT_TRUE(dropped.ok());
  ASSERT_EQ(dropped->series.size(), 3u);  // :05, :10 (incomplete, interior), :15
  EXPECT_EQ(dropped->dropped_edge_buckets, 2u);
  EXPECT_EQ(dropped->incomplete_buckets, 1u);
  EXPECT_EQ(dropped->complete, (std::vector<std::uint8_t>{1, 0, 1}));
  EXPECT_EQ(dropped->series.open_time(0), Timestamp(base + 5 * kNanosPerMinute));
  EXPECT_EQ(dropped->series.open_raw()[0], 105);
  EXPECT_EQ(dropped->series.close_raw()[0], 110);
  EXPECT_EQ(dropped->series.high_raw()[0], 119);
  EXPECT_EQ(dropped->series.low_raw()[0], 95);
  EXPECT_EQ(dropped->series.volume_raw()[0], 5);
  EXPECT_EQ(dropped->series.volume_raw()[1], 4);
  auto kept =
      resample_candles(s, ResampleOptions{Timeframe::m5(), Timeframe::m1(), EdgePolicy::kKeep});
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->series.size(), 5u);
  EXPECT_EQ(kept->complete, (std::vector<std::uint8_t>{0, 1, 0, 1, 0}));
  EXPECT_EQ(kept->series.open_time(0), Timestamp(base));
}

TEST(Resample, WeeksStartMondayAndMonthsOnTheFirst) {
  auto d1 = read_candles(data_file("market/btcusd_1d_2011-08-18_2025-09-24_mixed-columns.csv.gz"));
  ASSERT_TRUE(d1.ok());
  auto w = resample_candles(d1->series,
                            ResampleOptions{Timeframe::w1(), std::nullopt, EdgePolicy::kDrop});
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  for (std::size_t i = 0; i < w->series.size(); ++i) {
    ASSERT_EQ(iso_weekday(w->series.open_time(i).ns() / kNanosPerDay), 1u);
  }
  auto mo = resample_candles(d1->series,
                             ResampleOptions{Timeframe::mo1(), std::nullopt, EdgePolicy::kDrop});
  ASSERT_TRUE(mo.ok()) << mo.error().to_string();
  for (std::size_t i = 0; i < mo->series.size(); ++i) {
    ASSERT_EQ(to_civil(mo->series.open_time(i)).date.day, 1u);
  }
  // 2011-08-18 starts mid-month: the partial August 2011 is dropped, September 2011 comes first.
  EXPECT_EQ(mo->series.open_time(0), *parse_iso8601("2011-09-01"));
}

TEST(Resample, RefusesUnsortedInputAndFinerTargets) {
  CandleSeries s(0, 0);
  s.push_back_raw(2 * kNanosPerMinute, 1, 1, 1, 1, 1);
  s.push_back_raw(1 * kNanosPerMinute, 1, 1, 1, 1, 1);
  EXPECT_FALSE(
      resample_candles(s, ResampleOptions{Timeframe::m5(), Timeframe::m1(), EdgePolicy::kDrop})
          .ok());
  const CandleSeries h = minutes({0, 60, 120}, 0);
  auto r = resample_candles(h, ResampleOptions{Timeframe::m5(), std::nullopt, EdgePolicy::kDrop});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("cannot resample 1h to 5m"), std::string::npos);
}

}  // namespace
}  // namespace omega::data
