// RunTable: sorted output through spilled chunks equals an in-memory sort; ties and undefined
// values order deterministically; metric names parse.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "backtest/sweep.hpp"

namespace omega::backtest {
namespace {

RunRow row(std::uint64_t run, double sharpe, double drawdown) {
  RunRow r;
  r.run = run;
  r.combination = run * 3;
  r.values.fill(0.0);
  r.values[static_cast<std::size_t>(RunMetric::kSharpe)] = sharpe;
  r.values[static_cast<std::size_t>(RunMetric::kMaxDrawdown)] = drawdown;
  return r;
}

std::vector<std::uint64_t> sorted_runs(RunTable& table) {
  std::vector<std::uint64_t> runs;
  std::uint64_t expected_rank = 0;
  const Status s = table.for_each_sorted([&](std::uint64_t rank, const RunRow& r) {
    EXPECT_EQ(rank, ++expected_rank);
    runs.push_back(r.run);
    return ok_status();
  });
  EXPECT_TRUE(s.ok());
  return runs;
}

TEST(RunTable, SpilledChunksMergeIntoTheSameOrderAsOneSort) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int> value(-20, 20);  // many ties
  std::vector<RunRow> rows;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const int v = value(rng);
    rows.push_back(row(i, v == 0 ? std::numeric_limits<double>::quiet_NaN() : v / 10.0, 0.1));
  }
  std::vector<RunRow> expected = rows;
  std::sort(expected.begin(), expected.end(), [](const RunRow& a, const RunRow& b) {
    return ranks_before(a, b, RunMetric::kSharpe);
  });
  for (std::size_t chunk : {7u, 64u, 1000u, 5000u}) {
    RunTable table(RunMetric::kSharpe, chunk);
    std::shuffle(rows.begin(), rows.end(), rng);  // completion order does not matter
    for (const RunRow& r : rows) ASSERT_TRUE(table.add(r).ok());
    EXPECT_EQ(table.size(), 1000u);
    const auto runs = sorted_runs(table);
    ASSERT_EQ(runs.size(), expected.size());
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], expected[i].run) << i;
    EXPECT_EQ(table.best()->run, expected.front().run);
    EXPECT_EQ(sorted_runs(table), runs);  // reading twice gives the same table
  }
}

TEST(RunTable, OrderIsBetterFirstUndefinedLastTiesByRun) {
  RunTable table(RunMetric::kSharpe, 2);
  ASSERT_TRUE(table.add(row(0, 1.0, 0.3)).ok());
  ASSERT_TRUE(table.add(row(1, std::numeric_limits<double>::quiet_NaN(), 0.0)).ok());
  ASSERT_TRUE(table.add(row(2, 2.0, 0.5)).ok());
  ASSERT_TRUE(table.add(row(3, 1.0, 0.1)).ok());
  ASSERT_TRUE(table.add(row(4, -1.0, 0.2)).ok());
  EXPECT_EQ(sorted_runs(table), (std::vector<std::uint64_t>{2, 0, 3, 4, 1}));
  // Drawdown: lower is better.
  RunTable dd(RunMetric::kMaxDrawdown, 3);
  for (std::uint64_t i = 0; i < 5; ++i)
    ASSERT_TRUE(dd.add(row(i, 0.0, 0.5 - 0.1 * static_cast<double>(i))).ok());
  EXPECT_EQ(sorted_runs(dd), (std::vector<std::uint64_t>{4, 3, 2, 1, 0}));
}

TEST(RunMetricNames, ParseAndRejectUnknown) {
  EXPECT_EQ(*parse_metric("sharpe"), RunMetric::kSharpe);
  EXPECT_EQ(*parse_metric("total_return"), RunMetric::kTotalReturn);
  EXPECT_EQ(metric_name(RunMetric::kMaxDrawdown), "max_drawdown");
  auto bad = parse_metric("sharp");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().to_string().find("unknown metric 'sharp' (known: total_return"),
            std::string::npos);
  for (std::size_t i = 0; i < kRunMetricCount; ++i) {
    const auto m = static_cast<RunMetric>(i);
    EXPECT_EQ(*parse_metric(metric_name(m)), m);
  }
}

}  // namespace
}  // namespace omega::backtest
