#include "core/time.hpp"

#include <random>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

namespace omega {
namespace {

TEST(Time, CivilRoundTripOverSeededRandomDays) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> dist(-100000, 100000);
  for (int i = 0; i < 100000; ++i) {
    const std::int64_t days = dist(rng);
    const CivilDate d = civil_from_days(days);
    ASSERT_EQ(days_from_civil(d.year, d.month, d.day), days);
  }
}

TEST(Time, KnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(iso_weekday(0), 4u);                            // Thursday
  EXPECT_EQ(iso_weekday(days_from_civil(2024, 8, 5)), 1u);  // Monday
  EXPECT_EQ(days_in_month(2024, 2), 29u);
  EXPECT_EQ(days_in_month(1900, 2), 28u);
  EXPECT_EQ(days_in_month(2000, 2), 29u);
}

TEST(Time, FormatIso8601) {
  EXPECT_EQ(format_iso8601(Timestamp(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(Timestamp::from_ms(1502942400000)), "2017-08-17T04:00:00Z");
  EXPECT_EQ(format_iso8601(Timestamp::from_ms(1502942400123)), "2017-08-17T04:00:00.123Z");
  EXPECT_EQ(format_iso8601(Timestamp::from_us(1502942400123456)), "2017-08-17T04:00:00.123456Z");
  EXPECT_EQ(format_iso8601(Timestamp(1502942400123456789)), "2017-08-17T04:00:00.123456789Z");
  EXPECT_EQ(format_iso8601(Timestamp::from_s(-1)), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_date(Timestamp::from_ms(1502942400000)), "2017-08-17");
}

// Known instants, their text computed independently (Python's datetime): leap days, the range
// ends, every fraction width, a negative nanosecond.
TEST(Time, FormatIso8601ToKnownTimestamps) {
  const std::pair<std::int64_t, std::string_view> cases[] = {
      {0, "1970-01-01T00:00:00Z"},
      {-1, "1969-12-31T23:59:59.999999999Z"},
      {951782400000000000, "2000-02-29T00:00:00Z"},
      {1709251199999000000, "2024-02-29T23:59:59.999Z"},
      {1723161266013000000, "2024-08-08T23:54:26.013Z"},
      {1723161266013123000, "2024-08-08T23:54:26.013123Z"},
      {1723161266013123456, "2024-08-08T23:54:26.013123456Z"},
      {-9223372036854775807, "1677-09-21T00:12:43.145224193Z"},
      {9223372036854775807, "2262-04-11T23:47:16.854775807Z"},
      {4102444800000000000, "2100-01-01T00:00:00Z"},
      {1577840340000000000, "2020-01-01T00:59:00Z"},
  };
  for (const auto& [ns, text] : cases) {
    char buf[kIso8601MaxChars];
    const char* end = format_iso8601_to(buf, Timestamp(ns));
    EXPECT_EQ(std::string_view(buf, static_cast<std::size_t>(end - buf)), text) << ns;
    EXPECT_EQ(format_iso8601(Timestamp(ns)), text) << ns;
  }
}

TEST(Time, ParseIso8601Forms) {
  EXPECT_EQ(parse_iso8601("2017-08-17").value(), Timestamp::from_s(1502928000));
  EXPECT_EQ(parse_iso8601("2017-08-17T04:00").value(), Timestamp::from_ms(1502942400000));
  EXPECT_EQ(parse_iso8601("2017-08-17T04:00:00Z").value(), Timestamp::from_ms(1502942400000));
  EXPECT_EQ(parse_iso8601("2017-08-17 04:00:00").value(), Timestamp::from_ms(1502942400000));
  EXPECT_EQ(parse_iso8601("2017-08-17T06:00:00+02:00").value(), Timestamp::from_ms(1502942400000));
  EXPECT_EQ(parse_iso8601("2017-08-17T01:30:00-0230").value(), Timestamp::from_ms(1502942400000));
  EXPECT_EQ(parse_iso8601("2017-08-17T04:00:00.5Z").value(), Timestamp::from_ms(1502942400500));
  EXPECT_EQ(parse_iso8601("2017-08-17T04:00:00.123456789Z").value(),
            Timestamp(1502942400123456789));
}

TEST(Time, ParseIso8601RoundTripsFormat) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> dist(-2'000'000'000'000'000'000,
                                                   7'000'000'000'000'000'000);
  for (int i = 0; i < 20000; ++i) {
    const Timestamp ts(dist(rng));
    auto back = parse_iso8601(format_iso8601(ts));
    ASSERT_TRUE(back.ok()) << format_iso8601(ts);
    ASSERT_EQ(back.value(), ts);
  }
}

TEST(Time, ParseIso8601RejectsBadInputNamingIt) {
  for (const char* bad :
       {"", "2017", "2017-8-17", "2017-02-30", "2017-13-01", "2017-08-17T25:00", "2017-08-17T04:60",
        "2017-08-17X04:00", "2017-08-17T04:00:00.Z", "2017-08-17T04:00:00.1234567890Z",
        "2017-08-17T04:00:00Zjunk", "2017-08-17T04:00:00+25:00", "3000-01-01"}) {
    auto r = parse_iso8601(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse) << bad;
    EXPECT_NE(r.error().message().find(std::string("'") + bad + "'"), std::string::npos)
        << r.error().message();
  }
}

TEST(Time, Durations) {
  EXPECT_EQ(parse_duration("250ms").value(), std::chrono::milliseconds(250));
  EXPECT_EQ(parse_duration("1h30m").value(), std::chrono::minutes(90));
  EXPECT_EQ(parse_duration("2d").value(), std::chrono::hours(48));
  EXPECT_EQ(parse_duration("1w").value(), std::chrono::hours(168));
  EXPECT_EQ(parse_duration("-5s").value(), std::chrono::seconds(-5));
  EXPECT_EQ(format_duration(std::chrono::minutes(90)), "1h30m");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(Duration(0)), "0s");
  EXPECT_FALSE(parse_duration("").ok());
  EXPECT_FALSE(parse_duration("5").ok());
  EXPECT_FALSE(parse_duration("5y").ok());
  EXPECT_FALSE(parse_duration("h").ok());
  EXPECT_EQ(parse_duration("99999999999999999999s").error().code(), ErrorCode::kOverflow);
}

}  // namespace
}  // namespace omega
