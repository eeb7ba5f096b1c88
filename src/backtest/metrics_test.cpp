// compute_metrics on hand-computed cases.
#include "backtest/metrics.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace omega::backtest {
namespace {

EquityPoint point(std::int64_t day, const char* equity, bool in_position = false) {
  return EquityPoint{Timestamp(day * kNanosPerDay), Money::parse(equity).value(), in_position};
}

engine::RoundTrip trip(const char* pnl, const char* fees) {
  engine::RoundTrip t;
  t.realized_pnl = Money::parse(pnl).value();
  t.fees = Money::parse(fees).value();
  t.funding = Money::zero(0);
  return t;
}

TEST(Metrics, ReturnsAndDrawdown) {
  // Daily closes 100 (start) -> 110 -> 99 -> 121: returns +10 %, -10 %, +22.2... %.
  const std::vector<EquityPoint> eq = {point(1, "110", true), point(2, "99", true),
                                       point(3, "121")};
  const auto m = compute_metrics(eq, 100.0, {}, 0.0, 0.0);
  EXPECT_NEAR(m.total_return, 0.21, 1e-12);
  EXPECT_NEAR(m.max_drawdown, 0.1, 1e-12);  // 110 -> 99
  EXPECT_NEAR(m.max_drawdown_days, 1.0, 1e-12);
  EXPECT_NEAR(m.exposure, 2.0 / 3.0, 1e-12);
  const double r1 = 0.1, r2 = -0.1, r3 = 121.0 / 99.0 - 1.0;
  const double mean = (r1 + r2 + r3) / 3.0;
  const double sd = std::sqrt(
      ((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean) + (r3 - mean) * (r3 - mean)) / 2.0);
  ASSERT_TRUE(m.sharpe);
  EXPECT_NEAR(*m.sharpe, mean / sd * std::sqrt(365.0), 1e-9);
  ASSERT_TRUE(m.sortino);
  EXPECT_NEAR(*m.sortino, mean / std::sqrt(r2 * r2 / 3.0) * std::sqrt(365.0), 1e-9);
  // Two days between the first and last point.
  EXPECT_NEAR(m.cagr, std::pow(1.21, 365.25 / 2.0) - 1.0, 1e-6 * std::pow(1.21, 365.25 / 2.0));
  ASSERT_TRUE(m.calmar);
  EXPECT_NEAR(*m.calmar, m.cagr / 0.1, 1e-6 * std::abs(m.cagr / 0.1));
}

TEST(Metrics, TradeStatistics) {
  // Net PnL: +9, -6, +3, -1 (realized minus fees).
  const std::vector<engine::RoundTrip> trips = {trip("10", "1"), trip("-5", "1"), trip("4", "1"),
                                                trip("0", "1")};
  const auto m = compute_metrics({point(1, "105")}, 100.0, trips, 4.0, 0.0);
  EXPECT_EQ(m.trades, 4u);
  EXPECT_NEAR(m.win_rate, 0.5, 1e-12);
  EXPECT_NEAR(m.expectancy, 5.0 / 4.0, 1e-12);
  EXPECT_NEAR(m.average_win, 6.0, 1e-12);
  EXPECT_NEAR(m.average_loss, -3.5, 1e-12);
  ASSERT_TRUE(m.profit_factor);
  EXPECT_NEAR(*m.profit_factor, 12.0 / 7.0, 1e-12);
  EXPECT_FALSE(m.sharpe);  // one daily return is not enough
}

}  // namespace
}  // namespace omega::backtest
