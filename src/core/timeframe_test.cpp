#include "core/timeframe.hpp"

#include <gtest/gtest.h>

namespace omega {
namespace {

Timestamp at(const char* iso) {
  return parse_iso8601(iso).value();
}

TEST(Timeframe, ParsesEveryStandardValueAndRoundTrips) {
  for (const auto& tf : Timeframe::all()) {
    EXPECT_EQ(Timeframe::parse(tf.to_string()).value(), tf);
  }
  EXPECT_EQ(Timeframe::parse("1M").value().unit(), Timeframe::Unit::kMonth);
  EXPECT_EQ(Timeframe::parse("1m").value().unit(), Timeframe::Unit::kMinute);
  for (const char* bad : {"", "2m", "1H", "60m", "1y", "m"}) {
    auto r = Timeframe::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message().find("1m 3m 5m"), std::string::npos);
  }
}

TEST(Timeframe, AlignsIntradayToEpochMultiples) {
  const auto tf5 = Timeframe::parse("5m").value();
  EXPECT_EQ(tf5.align_down(at("2024-08-08T12:34:56.789Z")), at("2024-08-08T12:30:00Z"));
  EXPECT_EQ(tf5.next_open(at("2024-08-08T12:30:00Z")), at("2024-08-08T12:35:00Z"));
  const auto tf4h = Timeframe::parse("4h").value();
  EXPECT_EQ(tf4h.align_down(at("2024-08-08T03:59:59Z")), at("2024-08-08T00:00:00Z"));
  EXPECT_EQ(tf4h.align_down(at("2024-08-08T04:00:00Z")), at("2024-08-08T04:00:00Z"));
  EXPECT_EQ(Timeframe::parse("1m").value().align_down(Timestamp(-1)), Timestamp::from_s(-60));
}

TEST(Timeframe, WeeksStartMonday) {
  const auto w = Timeframe::w1();
  // 2024-08-08 is a Thursday; its week opened Monday 2024-08-05.
  EXPECT_EQ(w.align_down(at("2024-08-08T10:00:00Z")), at("2024-08-05T00:00:00Z"));
  EXPECT_EQ(w.align_down(at("2024-08-11T23:59:59Z")), at("2024-08-05T00:00:00Z"));
  EXPECT_EQ(w.align_down(at("2024-08-12T00:00:00Z")), at("2024-08-12T00:00:00Z"));
  EXPECT_EQ(w.next_open(at("2024-08-05T00:00:00Z")), at("2024-08-12T00:00:00Z"));
}

TEST(Timeframe, MonthsAreCalendarMonths) {
  const auto m = Timeframe::mo1();
  EXPECT_EQ(m.align_down(at("2024-02-29T23:00:00Z")), at("2024-02-01T00:00:00Z"));
  EXPECT_EQ(m.next_open(at("2024-02-01T00:00:00Z")), at("2024-03-01T00:00:00Z"));
  EXPECT_EQ(m.next_open(at("2024-12-01T00:00:00Z")), at("2025-01-01T00:00:00Z"));
  EXPECT_TRUE(m.is_aligned(at("2024-12-01T00:00:00Z")));
  EXPECT_FALSE(m.is_aligned(at("2024-12-02T00:00:00Z")));
}

TEST(Timeframe, Multiples) {
  EXPECT_TRUE(Timeframe::m5().is_multiple_of(Timeframe::m1()));
  EXPECT_TRUE(Timeframe::h4().is_multiple_of(Timeframe::h1()));
  EXPECT_TRUE(Timeframe::w1().is_multiple_of(Timeframe::d1()));
  EXPECT_TRUE(Timeframe::mo1().is_multiple_of(Timeframe::h1()));
  EXPECT_FALSE(Timeframe::w1().is_multiple_of(Timeframe::parse("3d").value()));
  EXPECT_FALSE(Timeframe::mo1().is_multiple_of(Timeframe::w1()));
  EXPECT_FALSE(Timeframe::m1().is_multiple_of(Timeframe::m5()));
  EXPECT_EQ(Timeframe::from_duration(std::chrono::minutes(15)), Timeframe::m15());
  EXPECT_FALSE(Timeframe::from_duration(std::chrono::minutes(7)).has_value());
}

}  // namespace
}  // namespace omega
