#include "data/candle_validator.hpp"

#include <map>

#include <gtest/gtest.h>

#include "data/candle_reader.hpp"
#include "data/test_support.hpp"

namespace omega::data {
namespace {

using testing::data_file;

constexpr const char* kDirty =
    "market/dirty/cryptodatadownload_binance_btcusdt_1h_newest-first.csv.gz";

OutageList binance_outages() {
  auto list = OutageList::load(data_file("outages/binance_spot.csv"));
  EXPECT_TRUE(list.ok()) << list.error().to_string();
  return list.ok() ? *list : OutageList();
}

// Expected counts were checked independently with awk over the decompressed file (see
// docs in the report): 36,062 rows, 33,413 distinct hours, 2,649 hours twice (never more),
// 1,442 of them with different OHLC, 2,648 with different volume, 8 gaps (16 missing hours),
// strictly newest-first apart from the adjacent duplicates.
TEST(ValidateCandles, DirtyFileReport) {
  auto r = read_candles(data_file(kDirty));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const OutageList outages = binance_outages();
  ValidateOptions options;
  options.outages = &outages;
  const ValidationReport rep = validate_candles(r->series, r->info.source_lines, kDirty, options);
  EXPECT_EQ(rep.rows, 36'062u);
  EXPECT_EQ(rep.timeframe, Timeframe::h1());
  EXPECT_EQ(rep.unique_times, 33'413u);
  EXPECT_EQ(rep.count(IssueKind::kDescendingOrder), 1u);
  EXPECT_EQ(rep.count(IssueKind::kUnsorted), 0u);
  EXPECT_EQ(rep.duplicate_times, 2'649u);
  EXPECT_EQ(rep.duplicate_rows, 2'649u);
  EXPECT_EQ(rep.price_disagreements, 1'442u);
  EXPECT_EQ(rep.volume_disagreements, 2'648u);
  EXPECT_EQ(rep.count(IssueKind::kConflictingDuplicate), 1'442u);
  EXPECT_EQ(rep.count(IssueKind::kDuplicate), 2'649u - 1'442u);
  ASSERT_EQ(rep.gaps.size(), 8u);
  EXPECT_EQ(rep.missing_bars, 16);
  EXPECT_EQ(rep.count(IssueKind::kKnownOutage), 7u);
  EXPECT_EQ(rep.count(IssueKind::kHole), 1u);
  // The one hole: 2017-09-22 20:00..23:00, present at Binance (so not an outage).
  const Gap& hole = rep.gaps.front();
  EXPECT_FALSE(hole.known_outage);
  EXPECT_EQ(hole.first_missing, *parse_iso8601("2017-09-22T20:00:00Z"));
  EXPECT_EQ(hole.missing_bars, 4);
  const auto hole_issue = std::find_if(rep.issues.begin(), rep.issues.end(),
                                       [](const Issue& i) { return i.kind == IssueKind::kHole; });
  EXPECT_EQ(hole_issue->time, hole.first_missing);
  EXPECT_EQ(hole_issue->line, 35'184);  // the 2017-09-22 19:00 row, the bar before the gap
  // The bad first bar: open = high = 16199.91 against neighbours near 4300.
  ASSERT_EQ(rep.count(IssueKind::kSpike), 1u);
  const auto spike = std::find_if(rep.issues.begin(), rep.issues.end(),
                                  [](const Issue& i) { return i.kind == IssueKind::kSpike; });
  EXPECT_EQ(spike->time, *parse_iso8601("2017-08-17T04:00:00Z"));
  EXPECT_EQ(spike->line, 36'063);
  EXPECT_NE(spike->message.find("16199.91"), std::string::npos);
  // Nothing else: every OHLC row is internally consistent.
  EXPECT_EQ(rep.count(IssueKind::kOpenOutsideRange) + rep.count(IssueKind::kCloseOutsideRange) +
                rep.count(IssueKind::kHighBelowLow) + rep.count(IssueKind::kNonPositivePrice) +
                rep.count(IssueKind::kNegativeVolume) + rep.count(IssueKind::kMisaligned),
            0u);
  EXPECT_EQ(rep.count(Severity::kError), 1u + 2'649u + 1u);
  EXPECT_FALSE(rep.ok());
}

TEST(CleanCandles, DirtyFileCleanedCopy) {
  auto r = read_candles(data_file(kDirty));
  ASSERT_TRUE(r.ok());
  const OutageList outages = binance_outages();
  ValidateOptions options;
  options.outages = &outages;
  const CleanResult clean = clean_candles(r->series, r->info.source_lines, options);
  EXPECT_EQ(clean.series.size(), 33'412u);
  EXPECT_EQ(clean.dropped_duplicates, 2'649u);
  EXPECT_EQ(clean.dropped_invalid, 1u);  // the spike
  EXPECT_EQ(clean.series.open_time(0), *parse_iso8601("2017-08-17T05:00:00Z"));
  // Dedupe rule: the kept row of a duplicated hour has the highest volume of its rows.
  std::map<std::int64_t, std::int64_t> max_volume;
  for (std::size_t i = 0; i < r->series.size(); ++i) {
    auto& v = max_volume[r->series.open_time_ns()[i]];
    v = std::max(v, r->series.volume_raw()[i]);
  }
  for (std::size_t i = 0; i < clean.series.size(); ++i) {
    ASSERT_EQ(clean.series.volume_raw()[i], max_volume[clean.series.open_time_ns()[i]]);
  }
  // The cleaned copy validates without errors; only its gaps remain.
  const ValidationReport again =
      validate_candles(clean.series, clean.source_lines, "clean", options);
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(again.gaps.size(), 8u);
  EXPECT_EQ(again.count(Severity::kError), 0u);
}

TEST(ValidateCandles, BundledBinanceFilesAreClean) {
  const OutageList outages = binance_outages();
  ValidateOptions options;
  options.outages = &outages;
  for (const char* f : {"market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz",
                        "market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz",
                        "market/binance_btcusdt_5m_2024-03-01_2025-07-02.csv.gz",
                        "market/binance_btcusdt_15m_2023-04-01_2024-04-09.csv.gz"}) {
    auto r = read_candles(data_file(f));
    ASSERT_TRUE(r.ok());
    const ValidationReport rep = validate_candles(r->series, r->info.source_lines, f, options);
    EXPECT_EQ(rep.count(Severity::kError), 0u)
        << f << ": " << (rep.issues.empty() ? "" : rep.issues[0].message);
    EXPECT_EQ(rep.count(IssueKind::kHole), 0u) << f;
  }
  auto h1 = read_candles(data_file("market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz"));
  const ValidationReport rep = validate_candles(h1->series, {}, "1h", options);
  EXPECT_EQ(rep.count(IssueKind::kKnownOutage), 28u);
  EXPECT_EQ(rep.missing_bars, 128);
}

CandleSeries hours(std::initializer_list<std::array<std::int64_t, 6>> rows) {
  CandleSeries s(0, 0);
  for (const auto& r : rows) s.push_back_raw(r[0] * kNanosPerHour, r[1], r[2], r[3], r[4], r[5]);
  return s;
}

TEST(ValidateCandles, FlagsEachRowProblemWithItsLine) {
  const CandleSeries s = hours({{0, 10, 12, 9, 11, 5},
                                {1, 10, 9, 12, 11, 5},   // high < low (and open/close outside)
                                {2, 13, 12, 9, 11, 5},   // open above high
                                {3, 10, 12, 9, 8, 5},    // close below low
                                {4, 0, 12, 0, 11, 5},    // non-positive prices
                                {5, 10, 12, 9, 11, -1},  // negative volume
                                {6, 10, 12, 9, 11, 5},
                                {7, 10, 12, 9, 11, 5}});
  const std::vector<std::int64_t> lines = {2, 3, 4, 5, 6, 7, 8, 9};
  const ValidationReport rep = validate_candles(s, lines, "t.csv");
  EXPECT_EQ(rep.count(IssueKind::kHighBelowLow), 1u);
  EXPECT_EQ(rep.count(IssueKind::kOpenOutsideRange), 2u);
  EXPECT_EQ(rep.count(IssueKind::kCloseOutsideRange), 2u);
  EXPECT_EQ(rep.count(IssueKind::kNonPositivePrice), 1u);
  EXPECT_EQ(rep.count(IssueKind::kNegativeVolume), 1u);
  for (const Issue& i : rep.issues) {
    if (i.kind == IssueKind::kNegativeVolume) {
      EXPECT_EQ(i.line, 7);
    }
    if (i.kind == IssueKind::kHighBelowLow) {
      EXPECT_EQ(i.line, 3);
    }
  }
  const CleanResult clean = clean_candles(s, lines);
  EXPECT_EQ(clean.series.size(), 3u);
  EXPECT_EQ(clean.dropped_invalid, 5u);
}

TEST(ValidateCandles, UnsortedMisalignedAndDuplicates) {
  CandleSeries s = hours({{0, 10, 12, 9, 11, 5},
                          {2, 10, 12, 9, 11, 5},
                          {1, 10, 12, 9, 11, 5},
                          {3, 10, 12, 9, 11, 5},
                          {3, 10, 12, 9, 11, 7},
                          {4, 10, 12, 9, 11, 5},
                          {5, 10, 12, 9, 11, 5}});
  s.push_back_raw(6 * kNanosPerHour + kNanosPerMinute, 10, 12, 9, 11, 5);
  const ValidationReport rep = validate_candles(s, {}, "t.csv");
  EXPECT_EQ(rep.count(IssueKind::kUnsorted), 1u);
  EXPECT_EQ(rep.count(IssueKind::kDuplicate), 1u);
  EXPECT_EQ(rep.volume_disagreements, 1u);
  EXPECT_EQ(rep.count(IssueKind::kMisaligned), 1u);
  const CleanResult clean = clean_candles(s, {});
  ASSERT_EQ(clean.series.size(), 6u);
  EXPECT_EQ(clean.series.volume_raw()[3], 7);  // highest volume kept
  EXPECT_EQ(clean.source_lines[3], 5);
}

TEST(OutageList, ParsesAndCovers) {
  auto list = OutageList::parse(
      "# comment\nstart,end,note\n2024-01-01T00:00:00Z,2024-01-01T03:00:00Z,maint\n", "x");
  ASSERT_TRUE(list.ok());
  EXPECT_NE(list->covering(*parse_iso8601("2024-01-01T01:00"), *parse_iso8601("2024-01-01T03:00")),
            nullptr);
  EXPECT_EQ(list->covering(*parse_iso8601("2024-01-01T01:00"), *parse_iso8601("2024-01-01T04:00")),
            nullptr);
  EXPECT_FALSE(OutageList::parse("2024-01-02,2024-01-01,backwards\n", "x").ok());
}

}  // namespace
}  // namespace omega::data
