// ParamSpace parsing, addressing and errors; RandomOrder is a seeded permutation.
#include "backtest/param_space.hpp"

#include <set>

#include <gtest/gtest.h>

namespace omega::backtest {
namespace {

Result<ParamSpace> parse(std::vector<std::string> specs) {
  return ParamSpace::parse(specs);
}

TEST(ParamSpace, IntegerRangeIsInclusive) {
  auto s = parse({"fast=5:20:5"});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(s->axes()[0].values, (std::vector<std::string>{"5", "10", "15", "20"}));
  // A hi that the step does not reach stops at the last value below it.
  auto t = parse({"slow=10:25:10"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->axes()[0].values, (std::vector<std::string>{"10", "20"}));
}

TEST(ParamSpace, DecimalRangeHasExactValues) {
  auto s = parse({"entry_level=0.5:0.7:0.05"});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(s->axes()[0].values,
            (std::vector<std::string>{"0.50", "0.55", "0.60", "0.65", "0.70"}));
  auto n = parse({"x=-1:1:0.5"});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->axes()[0].values, (std::vector<std::string>{"-1.0", "-0.5", "0.0", "0.5", "1.0"}));
}

TEST(ParamSpace, ListsAndSingleValues) {
  auto s = parse({"stop=0.786, 1,swing", "allow_short=true,false", "max_leverage=3"});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(s->axes()[0].values, (std::vector<std::string>{"0.786", "1", "swing"}));
  EXPECT_EQ(s->size(), 6u);
  EXPECT_EQ(s->axes()[2].values, (std::vector<std::string>{"3"}));
}

TEST(ParamSpace, CombinationsAreMixedRadixLastAxisFastest) {
  auto s = parse({"fast=1:2:1", "slow=10,20,30"});
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 6u);
  EXPECT_EQ(s->yaml(0), "fast: 1\nslow: 10\n");
  EXPECT_EQ(s->yaml(2), "fast: 1\nslow: 30\n");
  EXPECT_EQ(s->yaml(3), "fast: 2\nslow: 10\n");
  EXPECT_EQ(s->yaml(5), "fast: 2\nslow: 30\n");
  EXPECT_EQ(s->value(4, 1), "20");
}

TEST(ParamSpace, BadSpecsAreRejectedNamingTheSpec) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{}, "the grid is empty"},
      {{"fast"}, "'fast': expected name=lo:hi:step"},
      {{"=1,2"}, "the name must be"},
      {{"fast="}, "no values"},
      {{"fast=1:10"}, "a range is lo:hi:step"},
      {{"fast=10:1:1"}, "the range is empty"},
      {{"fast=1:10:0"}, "the step must be positive"},
      {{"fast=1:10:-1"}, "the step must be positive"},
      {{"fast=a:10:1"}, "'a' is not a number"},
      {{"fast=1:10:x"}, "step 'x' is not a number"},
      {{"fast=1,,2"}, "an empty value"},
      {{"fast=1,2,1"}, "listed twice"},
      {{"fast=1,2", "fast=3"}, "'fast' is given twice"},
      {{"a=0:999999:1", "b=0:999999:1", "c=0:9:1"}, "more than"},
      {{"fast=0:2000000:1"}, "more than 1000000 values"},
  };
  for (const auto& [specs, message] : cases) {
    auto s = parse(specs);
    ASSERT_FALSE(s.ok()) << message;
    EXPECT_NE(s.error().to_string().find(message), std::string::npos) << s.error().to_string();
  }
}

TEST(RandomOrder, IsAPermutationFixedBySeed) {
  for (std::uint64_t domain : {1ULL, 2ULL, 7ULL, 100ULL, 1000ULL, 4096ULL}) {
    const RandomOrder order(domain, 42);
    std::set<std::uint64_t> seen;
    for (std::uint64_t i = 0; i < domain; ++i) {
      const std::uint64_t x = order.at(i);
      EXPECT_LT(x, domain);
      seen.insert(x);
    }
    EXPECT_EQ(seen.size(), domain);
  }
  const RandomOrder a(1000, 7);
  const RandomOrder b(1000, 7);
  const RandomOrder c(1000, 8);
  std::size_t differ = 0;
  std::size_t identity = 0;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    EXPECT_EQ(a.at(i), b.at(i));
    if (a.at(i) != c.at(i)) ++differ;
    if (a.at(i) == i) ++identity;
  }
  EXPECT_GT(differ, 900u);   // another seed, another order
  EXPECT_LT(identity, 20u);  // and not the grid order
}

}  // namespace
}  // namespace omega::backtest
