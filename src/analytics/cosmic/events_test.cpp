// Accuracy of the event searches against Swiss Ephemeris / JPL DE441 (tests/data/astro).
#include <cmath>
#include <cstdio>
#include <map>

#include <gtest/gtest.h>

#include "analytics/cosmic/aspects.hpp"
#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/moon_phase.hpp"
#include "analytics/cosmic/retrograde.hpp"
#include "analytics/cosmic/testing/accuracy_stats.hpp"
#include "analytics/cosmic/testing/astro_reference.hpp"

namespace omega::cosmic {
namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr double kJd2000 = 2451544.5;  // 2000-01-01T00:00 TT
constexpr double kJd2026 = 2461041.5;  // 2026-01-01T00:00 TT

TEST(MoonPhases, InstantsAgainstDe441) {
  auto table = testing::read_astro_csv("moon_phases_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  const std::size_t jd_col = table->column("jd_tt");
  const std::size_t phase_col = table->column("phase");
  const std::vector<PhaseEvent> found = find_moon_phases(kJd2000, kJd2026);
  ASSERT_EQ(found.size(), table->rows.size());
  testing::ErrorStats err;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const auto& row = table->rows[i];
    ASSERT_EQ(to_string(found[i].phase), row[phase_col]) << i;
    err.add((found[i].jd_tt - std::stod(row[jd_col])) * kSecondsPerDay);
  }
  std::printf("ACCURACY moon phase instants: max %.3f s rms %.3f s (n=%zu)\n", err.max_abs(),
              err.rms(), err.count());
  EXPECT_LE(err.max_abs(), 30.0);
}

TEST(MoonPhases, IlluminationAgainstDe441) {
  auto table = testing::read_astro_csv("weekly_moon_illumination_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  const std::size_t jd_col = table->column("jd_tt");
  const std::size_t k_col = table->column("moon_illuminated_fraction");
  const std::size_t i_col = table->column("moon_phase_angle_deg");
  const std::size_t e_col = table->column("moon_sun_elongation_lon_deg");
  testing::ErrorStats k_err;
  testing::ErrorStats i_err;
  testing::ErrorStats e_err;
  for (const auto& row : table->rows) {
    const MoonPhase p = moon_phase(std::stod(row[jd_col]));
    k_err.add(p.illuminated_fraction - std::stod(row[k_col]));
    i_err.add(p.phase_angle_deg - std::stod(row[i_col]));
    e_err.add(signed_degrees(p.elongation_deg - std::stod(row[e_col])) * 3600.0);
  }
  std::printf(
      "ACCURACY illuminated fraction: max %.2e rms %.2e; phase angle max %.5f deg; "
      "elongation max %.3f\" (n=%zu)\n",
      k_err.max_abs(), k_err.rms(), i_err.max_abs(), e_err.max_abs(), k_err.count());
  // The table prints k to 6 decimals and i to 4, so 5e-7 and 5e-5 of the error is rounding.
  EXPECT_LE(k_err.max_abs(), 1e-4);
}

TEST(MoonPhases, NamesAndAge) {
  const MoonPhase p = moon_phase(2451565.5);  // 2000-01-22, a day after full moon
  EXPECT_EQ(p.name, MoonPhaseName::kFullMoon);
  EXPECT_NEAR(p.age_days, 2451565.5 - 2451550.26021177, 0.01);
  EXPECT_FALSE(p.waxing);
}

TEST(Retrograde, StationsAgainstDe441) {
  auto table = testing::read_astro_csv("retrograde_stations_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  const std::size_t planet_col = table->column("planet");
  const std::size_t event_col = table->column("event");
  const std::size_t jd_col = table->column("jd_tt");
  std::map<std::string, std::vector<std::vector<std::string>>> by_planet;
  for (const auto& row : table->rows) {
    by_planet[row[planet_col]].push_back(row);
  }
  for (const auto& [planet, rows] : by_planet) {
    const Body body = parse_body(planet).value();
    const std::vector<Station> found = find_stations(body, kJd2000, kJd2026);
    ASSERT_EQ(found.size(), rows.size()) << planet;
    testing::ErrorStats err;
    for (std::size_t i = 0; i < found.size(); ++i) {
      ASSERT_EQ(to_string(found[i].kind), rows[i][event_col]) << planet << " " << i;
      err.add((found[i].jd_tt - std::stod(rows[i][jd_col])) * 1440.0);
    }
    std::printf("ACCURACY %s stations: max %.3f min rms %.3f min (n=%zu)\n", planet.c_str(),
                err.max_abs(), err.rms(), err.count());
    EXPECT_LE(err.max_abs(), 15.0) << planet;
  }
}

TEST(Retrograde, PeriodsMatchTheReferencePairs) {
  auto table = testing::read_astro_csv("retrograde_periods_2000_2025.csv.gz");
  ASSERT_TRUE(table.ok()) << table.error().to_string();
  std::size_t mercury_rows = 0;
  for (const auto& row : table->rows) {
    mercury_rows += row[0] == "Mercury" ? 1 : 0;
  }
  const auto periods = retrograde_periods(Body::kMercury, kJd2000, kJd2026);
  EXPECT_EQ(periods.size(), mercury_rows);
  // Inside the first 2000 period Mercury is retrograde; just outside it is not.
  ASSERT_FALSE(periods.empty());
  const double mid = 0.5 * (periods[0].start.jd_tt + periods[0].end.jd_tt);
  EXPECT_TRUE(is_retrograde(Body::kMercury, mid));
  EXPECT_FALSE(is_retrograde(Body::kMercury, periods[0].start.jd_tt - 2.0));
  EXPECT_FALSE(is_retrograde(Body::kSun, mid));
}

TEST(Retrograde, PeriodsOverlappingTheRangeEdgesAreIncluded) {
  const auto all = retrograde_periods(Body::kMercury, kJd2000, kJd2000 + 400.0);
  ASSERT_GE(all.size(), 2u);
  // A range that starts and ends inside the first period still returns that period whole.
  const double inside = 0.5 * (all[0].start.jd_tt + all[0].end.jd_tt);
  const auto within = retrograde_periods(Body::kMercury, inside, inside + 1.0);
  ASSERT_EQ(within.size(), 1u);
  // Same stations; the root finder brackets from a different scan start, so allow 1e-4 days (9 s).
  EXPECT_NEAR(within[0].start.jd_tt, all[0].start.jd_tt, 1e-4);
  EXPECT_NEAR(within[0].end.jd_tt, all[0].end.jd_tt, 1e-4);
  // A range between two periods returns none.
  const auto between =
      retrograde_periods(Body::kMercury, all[0].end.jd_tt + 1.0, all[0].end.jd_tt + 2.0);
  EXPECT_TRUE(between.empty());
}

TEST(Aspects, ConjunctionsOfSunAndMoonAreNewMoons) {
  const auto events = find_exact_aspects(kJd2000, kJd2000 + 60.0, {Body::kSun, Body::kMoon});
  const auto phases = find_moon_phases(kJd2000, kJd2000 + 60.0);
  std::vector<double> new_moons;
  for (const auto& p : phases) {
    if (p.phase == PrincipalPhase::kNewMoon) {
      new_moons.push_back(p.jd_tt);
    }
  }
  std::vector<double> conjunctions;
  for (const auto& e : events) {
    if (e.kind == AspectKind::kConjunction) {
      conjunctions.push_back(e.jd_tt);
    }
  }
  ASSERT_EQ(conjunctions.size(), new_moons.size());
  for (std::size_t i = 0; i < new_moons.size(); ++i) {
    EXPECT_NEAR(conjunctions[i], new_moons[i], 2.0 / kSecondsPerDay);
  }
}

TEST(Aspects, ActiveAspectsRespectOrbs) {
  const double jd = 2451550.26021177;  // new moon 2000-01-06
  const auto active = aspects_at(jd, {Body::kSun, Body::kMoon});
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].kind, AspectKind::kConjunction);
  EXPECT_LT(active[0].orb_deg, 0.01);
  // Five minutes before the exact instant the aspect is applying, five minutes after separating.
  const double five_min = 5.0 / 1440.0;
  EXPECT_TRUE(aspects_at(jd - five_min, {Body::kSun, Body::kMoon})[0].applying);
  EXPECT_FALSE(aspects_at(jd + five_min, {Body::kSun, Body::kMoon})[0].applying);
  AspectOrbs tight;
  tight.orb_deg.fill(0.0);
  EXPECT_TRUE(aspects_at(jd + 1.0, {Body::kSun, Body::kMoon}, tight).empty());
}

TEST(Aspects, SunIngressesAreTheSeasons) {
  // The 2000 March equinox: the Sun enters Aries on 2000-03-20 07:35 UTC.
  const auto ingresses = find_ingresses(Body::kSun, 2451620.0, 2451630.0);
  ASSERT_EQ(ingresses.size(), 1u);
  EXPECT_EQ(sign_name(ingresses[0].sign), "aries");
  EXPECT_EQ(format_iso8601(ingresses[0].utc).substr(0, 16), "2000-03-20T07:35");
  EXPECT_FALSE(ingresses[0].retrograde);
}

}  // namespace
}  // namespace omega::cosmic
