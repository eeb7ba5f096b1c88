// Provides write_report: a run's summary.json, trades.csv, equity.csv, orders.csv, signals.csv
// and report.html (html_report.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::backtest {

// What the report says about the run besides its results.
struct ReportInfo {
  std::string run_kind = "backtest";  // in the page title ("backtest", "paper run")
  std::string bot;
  std::string symbol;
  std::string data_file;
  std::string detail_file;
  int price_precision = 2;  // fraction digits of average prices in trades.csv and orders.csv
  std::vector<std::pair<std::string, std::string>> parameters;  // in the order given
};

// Writes summary.json, trades.csv, equity.csv, orders.csv and signals.csv into `dir` (created
// if missing), each replaced atomically, and report.html when `bars` (the bars the bots saw,
// one equity point each) is given.
Status write_report(const std::filesystem::path& dir, const ReportInfo& info,
                    const BacktestResult& result, const BacktestMetrics& metrics,
                    const data::CandleSeries* bars = nullptr);

// Returns the signals as CSV: time,bot,kind,payload (payload: the signal's text, or its value
// when it has none), quoted where needed.
std::string signals_csv(const std::vector<engine::SignalPublished>& signals);

// Returns notional / quantity at `precision` (half-even) as text, empty for no quantity.
std::string average_price_text(const Money& notional_sum, const Quantity& quantity, int precision);

}  // namespace omega::backtest
