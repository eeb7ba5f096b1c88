// The funding CSV reader: column names, time forms, and clear errors on malformed files.
#include "data/funding_series.hpp"

#include <gtest/gtest.h>

namespace omega::data {
namespace {

TEST(FundingSeries, ReadsBinanceHistoryColumnsInMillisAndIso) {
  const auto points = parse_funding_series(
                          "calc_time,funding_interval_hours,last_funding_rate\n"
                          "1704067200000,8,0.00010000\n"
                          "2024-01-01T08:00:00Z,8,-0.00003750\n"
                          "\n",
                          "f.csv")
                          .value();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].first, Timestamp(1'704'067'200'000'000'000));
  EXPECT_EQ(points[0].second, Rate::parse("0.0001").value());
  EXPECT_EQ(points[1].first, Timestamp(1'704'096'000'000'000'000));
  EXPECT_EQ(points[1].second, Rate::parse("-0.0000375").value());
}

TEST(FundingSeries, MalformedFilesFailNamingTheLine) {
  auto err = [](std::string_view text) {
    auto r = parse_funding_series(text, "f.csv");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().message();
  };
  EXPECT_NE(err("when,how_much\n1,0.1\n").find("f.csv:1: header"), std::string::npos);
  EXPECT_NE(err("funding_time,funding_rate\n1704067200000,abc\n").find("f.csv:2: bad funding rate"),
            std::string::npos);
  EXPECT_NE(err("funding_time,funding_rate\nyesterday,0.1\n").find("f.csv:2: bad funding time"),
            std::string::npos);
  EXPECT_NE(err("funding_time,funding_rate\n1704067200000\n").find("f.csv:2: 1 columns"),
            std::string::npos);
  EXPECT_NE(err("funding_time,funding_rate\n1704067200000,0.1\n1704067200000,0.2\n")
                .find("f.csv:3: funding time"),
            std::string::npos);
  EXPECT_NE(err("funding_time,funding_rate\n").find("no funding rows"), std::string::npos);
  EXPECT_NE(err("").find("no header"), std::string::npos);
}

TEST(FundingSeries, MissingFileFails) {
  EXPECT_FALSE(read_funding_series("/nonexistent/funding.csv").ok());
}

}  // namespace
}  // namespace omega::data
