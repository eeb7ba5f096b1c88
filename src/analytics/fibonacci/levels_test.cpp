// Tests retracement/extension levels, the golden pocket, confluence, alignment and time zones on
// hand-built legs with known answers.
#include "analytics/fibonacci/levels.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "analytics/fibonacci/alignment.hpp"
#include "analytics/fibonacci/confluence.hpp"
#include "analytics/fibonacci/time_zones.hpp"

namespace omega::fib {
namespace {

SwingLeg leg(double from, double to) {
  const SwingKind fk = from < to ? SwingKind::kLow : SwingKind::kHigh;
  const SwingKind tk = from < to ? SwingKind::kHigh : SwingKind::kLow;
  return {{0, 1, from, fk}, {10, 12, to, tk}};
}

double level_price(const std::vector<FibLevel>& levels, LevelKind kind, double ratio) {
  for (const FibLevel& l : levels) {
    if (l.kind == kind && std::abs(l.ratio - ratio) < 1e-12) return l.price;
  }
  ADD_FAILURE() << "no level " << ratio;
  return NAN;
}

TEST(FibLevels, UpLegRetracesDownAndExtendsUp) {
  const auto levels = fib_levels(leg(100, 200), RatioSet::standard());
  EXPECT_EQ(levels.size(), 8u + 7u + 7u);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.0), 200.0);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.382), 161.8);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.5), 150.0);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.618), 138.2);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 1.0), 100.0);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kExtension, 1.618), 261.8);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kExtension, 4.236), 523.6);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kInverseExtension, 1.618), 38.2);
}

TEST(FibLevels, DownLegRetracesUpAndExtendsDown) {
  const auto levels = fib_levels(leg(200, 100), RatioSet::standard(), ExtensionSide::kBeyondEnd);
  EXPECT_EQ(levels.size(), 15u);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.618), 161.8);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kRetracement, 0.236), 123.6);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kExtension, 1.272), 72.8);
  EXPECT_DOUBLE_EQ(level_price(levels, LevelKind::kExtension, 2.0), 0.0);
}

TEST(FibLevels, GoldenPocketSpansTheTwoRatios) {
  const PriceZone up = golden_pocket(leg(100, 200));
  EXPECT_DOUBLE_EQ(up.low, 135.0);
  EXPECT_DOUBLE_EQ(up.high, 138.2);
  EXPECT_TRUE(up.contains(136.0));
  const PriceZone down = golden_pocket(leg(200, 100));
  EXPECT_DOUBLE_EQ(down.low, 161.8);
  EXPECT_DOUBLE_EQ(down.high, 165.0);
}

TEST(RatioSet, ParsesCustomSets) {
  auto r = parse_ratio_set("0.382,0.5,0.618");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retracements.size(), 3u);
  EXPECT_TRUE(r->extensions.empty());
  auto both = parse_ratio_set("0.5/1.618,2.618");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->extensions.size(), 2u);
  EXPECT_EQ(fib_levels(leg(1, 2), *both).size(), 5u);
  EXPECT_FALSE(parse_ratio_set("").ok());
  EXPECT_FALSE(parse_ratio_set("0.5,x").ok());
  EXPECT_FALSE(parse_ratio_set("-0.5").ok());
}

TEST(Confluence, ClustersLevelsOfSeveralLegsWithinTolerance) {
  // Leg A 100 -> 200 has its 0.618 at 138.2; leg B 130 -> 150 has its 0.382 extension... use a
  // leg whose 0.5 retracement lands at 138.5: 127 -> 150.
  const std::vector<SwingLeg> legs = {leg(100, 200), leg(127, 150)};
  const RatioSet ratios{{0.5, 0.618}, {}};
  const auto levels = sourced_levels(legs, ratios);
  ASSERT_EQ(levels.size(), 4u);
  ConfluenceOptions opt;
  opt.tolerance_pct = 0.5;
  const auto zones = find_confluence(levels, opt);
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_DOUBLE_EQ(zones[0].low, 138.2);
  EXPECT_DOUBLE_EQ(zones[0].high, 138.5);
  EXPECT_EQ(zones[0].sources, 2);
  EXPECT_DOUBLE_EQ(zones[0].score, 1.0 + 0.75);
  EXPECT_NEAR(zones[0].center, (138.2 * 1.0 + 138.5 * 0.75) / 1.75, 1e-12);
  // A tighter tolerance splits them; one source alone is not a confluence.
  opt.tolerance_pct = 0.1;
  EXPECT_TRUE(find_confluence(levels, opt).empty());
  opt.min_sources = 1;
  EXPECT_EQ(find_confluence(levels, opt).size(), 4u);
}

TEST(Confluence, StrongerZonesComeFirst) {
  std::vector<SourcedLevel> levels = {
      {{0.5, 100.0, LevelKind::kRetracement}, 0, 1.0},
      {{0.5, 100.1, LevelKind::kRetracement}, 1, 1.0},
      {{0.5, 200.0, LevelKind::kRetracement}, 0, 1.0},
      {{0.5, 200.2, LevelKind::kRetracement}, 1, 1.0},
      {{0.5, 200.3, LevelKind::kRetracement}, 2, 2.0},
  };
  const auto zones = find_confluence(levels, {});
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_DOUBLE_EQ(zones[0].low, 200.0);
  EXPECT_EQ(zones[0].sources, 3);
  EXPECT_EQ(zones[0].members.size(), 3u);
  EXPECT_DOUBLE_EQ(zones[1].low, 100.0);
}

TEST(Alignment, FindsNearestAndNeighbours) {
  const auto levels = fib_levels(leg(100, 200), RatioSet::standard());
  const auto a = align_price(140.0, levels, 0.1, 2.0);
  ASSERT_TRUE(a.has_value());
  EXPECT_DOUBLE_EQ(levels[a->nearest].price, 138.2);
  EXPECT_NEAR(a->distance, 1.8, 1e-12);
  EXPECT_NEAR(a->distance_pct, 1.8 / 138.2 * 100.0, 1e-12);
  EXPECT_NEAR(a->distance_ticks, 18.0, 1e-9);
  EXPECT_NEAR(a->distance_atr, 0.9, 1e-12);
  ASSERT_TRUE(a->below && a->above);
  EXPECT_DOUBLE_EQ(levels[*a->below].price, 138.2);
  EXPECT_DOUBLE_EQ(levels[*a->above].price, 150.0);
  const auto top = align_price(1000.0, levels, 0.0, 0.0);
  EXPECT_FALSE(top->above.has_value());
  EXPECT_TRUE(std::isnan(top->distance_ticks));
  EXPECT_TRUE(std::isnan(top->distance_atr));
  EXPECT_FALSE(align_price(1.0, {}, 0.1, 1.0).has_value());
}

TEST(TimeZones, FollowTheFibonacciNumbers) {
  EXPECT_EQ(fib_time_zones(10, 5, 60), (std::vector<std::size_t>{10, 15, 20, 25, 35, 50}));
  EXPECT_EQ(fib_time_zones(0, 1, 22), (std::vector<std::size_t>{0, 1, 2, 3, 5, 8, 13, 21}));
  EXPECT_EQ(fib_time_zones(3, 0, 10), (std::vector<std::size_t>{3}));
  EXPECT_TRUE(fib_time_zones(10, 1, 10).empty());
}

}  // namespace
}  // namespace omega::fib
