#include "analytics/cosmic/time_scales.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "analytics/cosmic/testing/astro_reference.hpp"

namespace omega::cosmic {
namespace {

Timestamp at(std::string_view iso) {
  return parse_iso8601(iso).value();
}

TEST(TimeScales, LeapSecondsFromTheIersTable) {
  EXPECT_DOUBLE_EQ(tai_minus_utc_seconds(at("1999-12-31T00:00:00Z")), 32.0);
  EXPECT_DOUBLE_EQ(tai_minus_utc_seconds(at("2016-12-31T23:59:59Z")), 36.0);
  EXPECT_DOUBLE_EQ(tai_minus_utc_seconds(at("2017-01-01T00:00:00Z")), 37.0);
  EXPECT_DOUBLE_EQ(tt_minus_utc_seconds(at("2024-06-01T00:00:00Z")), 69.184);
}

TEST(TimeScales, JulianDateOfJ2000) {
  // J2000.0 is 2000-01-01T12:00:00 TT = 11:58:55.816 UTC.
  const double jd = jd_tt_from_utc(at("2000-01-01T11:58:55.816Z"));
  EXPECT_NEAR(jd, kJdJ2000, 1e-9);
}

TEST(TimeScales, RoundTripWithinTheResolutionOfADoubleJulianDate) {
  for (std::string_view iso : {"1972-07-01T00:00:00Z", "2000-01-01T00:00:00Z",
                               "2016-12-31T23:59:59.5Z", "2031-05-05T05:05:05.123456Z"}) {
    const Timestamp t = at(iso);
    EXPECT_LE(std::abs((utc_from_jd_tt(jd_tt_from_utc(t)) - t).count()), 50000) << iso;
  }
}

TEST(TimeScales, AgreesWithTheReferenceUtcColumns) {
  auto table = testing::read_astro_csv("moon_phases_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  const std::size_t utc_col = table->column("utc");
  const std::size_t jd_col = table->column("jd_tt");
  for (const auto& row : table->rows) {
    const Timestamp utc = at(row[utc_col]);
    const double jd = std::stod(row[jd_col]);
    // The utc column is rounded to the second.
    ASSERT_LE(std::abs(static_cast<double>((utc_from_jd_tt(jd) - utc).count())) * 1e-9, 0.5001)
        << row[utc_col];
  }
}

}  // namespace
}  // namespace omega::cosmic
