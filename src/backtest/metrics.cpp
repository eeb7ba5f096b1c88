// Implements compute_metrics.
#include "backtest/metrics.hpp"

#include <algorithm>
#include <cmath>

#include "core/time.hpp"

namespace omega::backtest {

std::vector<double> daily_returns(const std::vector<EquityPoint>& equity, double starting_equity) {
  std::vector<double> closes{starting_equity};
  std::int64_t day = INT64_MIN;
  for (const EquityPoint& p : equity) {
    // A bar closing exactly at midnight belongs to the day it covered.
    const std::int64_t d = Timestamp::floor_div(p.ts.ns() - 1, kNanosPerDay);
    if (d != day) {
      closes.push_back(p.equity().to_double());
      day = d;
    } else {
      closes.back() = p.equity().to_double();
    }
  }
  std::vector<double> returns;
  for (std::size_t i = 1; i < closes.size(); ++i) {
    if (closes[i - 1] > 0.0) returns.push_back(closes[i] / closes[i - 1] - 1.0);
  }
  return returns;
}

BacktestMetrics compute_metrics(const std::vector<EquityPoint>& equity, double starting_equity,
                                const std::vector<engine::RoundTrip>& trips, double fees,
                                double funding) {
  BacktestMetrics m;
  m.starting_equity = starting_equity;
  m.fees = fees;
  m.funding = funding;
  m.final_equity = equity.empty() ? starting_equity : equity.back().equity().to_double();
  if (starting_equity > 0.0) m.total_return = m.final_equity / starting_equity - 1.0;

  // Drawdown: the starting equity is the first peak.
  double peak = starting_equity;
  std::int64_t peak_ns = equity.empty() ? 0 : equity.front().ts.ns();
  std::int64_t longest_ns = 0;
  std::size_t in_position = 0;
  for (const EquityPoint& p : equity) {
    const double e = p.equity().to_double();
    if (e >= peak) {
      peak = e;
      peak_ns = p.ts.ns();
    } else {
      if (peak > 0.0) m.max_drawdown = std::max(m.max_drawdown, 1.0 - e / peak);
      longest_ns = std::max(longest_ns, p.ts.ns() - peak_ns);
    }
    if (p.in_position) ++in_position;
  }
  m.max_drawdown_days = static_cast<double>(longest_ns) / static_cast<double>(kNanosPerDay);
  if (!equity.empty()) {
    m.exposure = static_cast<double>(in_position) / static_cast<double>(equity.size());
  }

  const std::vector<double> returns = daily_returns(equity, starting_equity);
  const double annual = std::sqrt(365.0);
  if (returns.size() >= 2) {
    double mean = 0.0;
    for (double r : returns) mean += r;
    mean /= static_cast<double>(returns.size());
    double var = 0.0;
    double down = 0.0;
    for (double r : returns) {
      var += (r - mean) * (r - mean);
      if (r < 0.0) down += r * r;
    }
    const double sd = std::sqrt(var / static_cast<double>(returns.size() - 1));
    const double dd = std::sqrt(down / static_cast<double>(returns.size()));
    if (sd > 0.0) m.sharpe = mean / sd * annual;
    if (dd > 0.0) m.sortino = mean / dd * annual;
  }
  if (!equity.empty() && starting_equity > 0.0 && m.final_equity > 0.0) {
    const double span_days = static_cast<double>(equity.back().ts.ns() - (equity.front().ts.ns())) /
                             static_cast<double>(kNanosPerDay);
    if (span_days > 0.0) {
      m.cagr = std::pow(m.final_equity / starting_equity, 365.25 / span_days) - 1.0;
    }
  }
  if (m.max_drawdown > 0.0) m.calmar = m.cagr / m.max_drawdown;

  double wins = 0.0;
  double losses = 0.0;
  std::size_t won = 0;
  std::size_t lost = 0;
  for (const engine::RoundTrip& t : trips) {
    const double pnl = t.net_pnl().value_or(Money::zero(0)).to_double();
    if (pnl > 0.0) {
      wins += pnl;
      ++won;
    } else {
      losses += pnl;
      ++lost;
    }
  }
  m.trades = trips.size();
  if (!trips.empty()) {
    m.expectancy = (wins + losses) / static_cast<double>(trips.size());
    m.win_rate = static_cast<double>(won) / static_cast<double>(trips.size());
  }
  if (won > 0) m.average_win = wins / static_cast<double>(won);
  if (lost > 0) m.average_loss = losses / static_cast<double>(lost);
  if (losses < 0.0) m.profit_factor = wins / -losses;
  return m;
}

}  // namespace omega::backtest
