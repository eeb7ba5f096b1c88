// Provides BacktestMetrics and compute_metrics: returns, drawdown, risk-adjusted ratios and
// trade statistics of a run (formulas in docs/metrics.md). Reporting only, so double.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "backtest/backtest_engine.hpp"

namespace omega::backtest {

// The numbers summary.json reports. Ratios that are undefined (no losses, zero volatility)
// are empty.
struct BacktestMetrics {
  double starting_equity = 0.0;
  double final_equity = 0.0;
  double total_return = 0.0;            // final / start - 1
  double cagr = 0.0;                    // (final / start)^(365.25 d / span) - 1
  double max_drawdown = 0.0;            // largest peak-to-trough fall, as a fraction of the peak
  double max_drawdown_days = 0.0;       // longest time below a previous peak, in days
  std::optional<double> sharpe;         // mean / sd of daily returns * sqrt(365)
  std::optional<double> sortino;        // mean / downside deviation of daily returns * sqrt(365)
  std::optional<double> calmar;         // cagr / max drawdown
  std::optional<double> profit_factor;  // gross wins / gross losses
  double expectancy = 0.0;              // mean net PnL per trade
  double win_rate = 0.0;                // winning trades / trades
  double average_win = 0.0;
  double average_loss = 0.0;  // negative
  double exposure = 0.0;      // share of bars ending with a position open
  std::size_t trades = 0;
  double fees = 0.0;
  double funding = 0.0;
};

// Returns the daily returns of an equity curve: the last equity of each UTC day (a bar closing
// at midnight belongs to the day it covered) against the previous day's, the starting equity
// before the first day. The series the Sharpe and Sortino ratios are computed from.
std::vector<double> daily_returns(const std::vector<EquityPoint>& equity, double starting_equity);

// Computes the metrics of equity points (one per bar, in time order) and round trips.
BacktestMetrics compute_metrics(const std::vector<EquityPoint>& equity, double starting_equity,
                                const std::vector<engine::RoundTrip>& trips, double fees,
                                double funding);

}  // namespace omega::backtest
