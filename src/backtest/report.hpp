// Provides write_report: a backtest's summary.json, trades.csv, equity.csv and orders.csv.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "backtest/backtest_engine.hpp"
#include "backtest/metrics.hpp"
#include "core/result.hpp"

namespace omega::backtest {

// What summary.json says about the run besides its results.
struct ReportInfo {
  std::string bot;
  std::string symbol;
  std::string data_file;
  std::string detail_file;
  int price_precision = 2;  // fraction digits of average prices in trades.csv and orders.csv
  std::vector<std::pair<std::string, std::string>> parameters;  // in the order given
};

// Writes the four files into `dir` (created if missing), each replaced atomically.
Status write_report(const std::filesystem::path& dir, const ReportInfo& info,
                    const BacktestResult& result, const BacktestMetrics& metrics);

}  // namespace omega::backtest
