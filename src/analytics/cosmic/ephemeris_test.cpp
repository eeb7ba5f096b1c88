#include "analytics/cosmic/ephemeris.hpp"

#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/cosmic/testing/accuracy_stats.hpp"
#include "analytics/cosmic/testing/astro_reference.hpp"

namespace omega::cosmic {
namespace {

constexpr double kArcsecPerDeg = 3600.0;

// The accuracy targets in arcseconds of longitude (latitude uses the same bound).
double target_arcsec(Body body) {
  switch (body) {
    case Body::kSun:
      return 5.0;
    case Body::kMoon:
      return 5.0;
    case Body::kPluto:
      return 60.0;
    default:
      return 20.0;
  }
}

TEST(Ephemeris, WeeklyPositionsAgainstDe441) {
  auto table = testing::read_astro_csv("weekly_positions_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  const std::size_t jd_col = table->column("jd_tt");
  for (Body body : kAllBodies) {
    const std::string name(to_string(body));
    const std::size_t lon_col = table->column(name + "_lon");
    const std::size_t lat_col = table->column(name + "_lat");
    testing::ErrorStats lon_err;
    testing::ErrorStats lat_err;
    for (const auto& row : table->rows) {
      const double jd = std::stod(row[jd_col]);
      const EclipticPosition p = apparent_position(body, jd);
      lon_err.add(signed_degrees(p.lon_deg - std::stod(row[lon_col])) * kArcsecPerDeg);
      lat_err.add((p.lat_deg - std::stod(row[lat_col])) * kArcsecPerDeg);
    }
    std::printf("ACCURACY %-8s lon max %7.3f\" rms %7.3f\" | lat max %7.3f\" rms %7.3f\" (n=%zu)\n",
                name.c_str(), lon_err.max_abs(), lon_err.rms(), lat_err.max_abs(), lat_err.rms(),
                lon_err.count());
    EXPECT_LE(lon_err.max_abs(), target_arcsec(body)) << name;
    EXPECT_LE(lat_err.max_abs(), target_arcsec(body)) << name;
  }
}

TEST(Ephemeris, FastPrecisionBracketsWithinAnArcminute) {
  for (Body body : kAllBodies) {
    if (body == Body::kPluto) {
      continue;  // Pluto has one theory; fast and full agree exactly
    }
    for (double jd = 2451545.0; jd < 2460000.0; jd += 997.0) {
      const double full = apparent_position(body, jd).lon_deg;
      const double fast = apparent_position(body, jd, Precision::kFast).lon_deg;
      EXPECT_LT(std::abs(signed_degrees(full - fast)) * kArcsecPerDeg, 120.0)
          << to_string(body) << " at " << jd;
    }
  }
}

TEST(Ephemeris, SpeedsHaveTheRightSizeAndSign) {
  const BodyState moon = body_state(Body::kMoon, 2451545.0);
  EXPECT_GT(moon.lon_speed_deg_per_day, 11.0);
  EXPECT_LT(moon.lon_speed_deg_per_day, 15.5);
  const BodyState sun = body_state(Body::kSun, 2451545.0);
  EXPECT_NEAR(sun.lon_speed_deg_per_day, 1.019, 0.01);
  EXPECT_FALSE(sun.retrograde());
}

TEST(Ephemeris, ThreadsGetTheSameAnswersAsOneThread) {
  // libnova caches per planet in static variables; the ephemeris serialises its calls.
  constexpr int kThreads = 4;
  constexpr int kDates = 60;
  std::vector<std::vector<double>> serial(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int d = 0; d < kDates; ++d) {
      for (Body body : kAllBodies) {
        serial[t].push_back(apparent_position(body, 2451545.0 + 37.0 * d + t).lon_deg);
      }
    }
  }
  std::vector<std::vector<double>> parallel(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &parallel] {
      for (int d = 0; d < kDates; ++d) {
        for (Body body : kAllBodies) {
          parallel[t].push_back(apparent_position(body, 2451545.0 + 37.0 * d + t).lon_deg);
        }
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  EXPECT_EQ(serial, parallel);
}

TEST(Ephemeris, AngleHelpers) {
  EXPECT_DOUBLE_EQ(normalize_degrees(-10.0), 350.0);
  EXPECT_DOUBLE_EQ(normalize_degrees(720.0), 0.0);
  EXPECT_DOUBLE_EQ(signed_degrees(350.0), -10.0);
  EXPECT_DOUBLE_EQ(signed_degrees(180.0), -180.0);
}

}  // namespace
}  // namespace omega::cosmic
