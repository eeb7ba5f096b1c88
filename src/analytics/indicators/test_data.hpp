// Provides test helpers: the bundled BTC/USDT 1h bars and TA-Lib reference columns, read with zlib.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/indicators/bar.hpp"

namespace omega::indicators::testing {

// Holds the bundled bars as owned columns.
struct OwnedBars {
  std::vector<std::int64_t> ts_ns;
  std::vector<double> open;
  std::vector<double> high;
  std::vector<double> low;
  std::vector<double> close;
  std::vector<double> volume;

  // Returns views of every column.
  BarColumns columns() const { return {ts_ns, open, high, low, close, volume}; }
};

// Returns the bundled Binance BTC/USDT 1h bars (read once, then cached).
const OwnedBars& btc_1h();

// Holds one TA-Lib reference file: its output column names and values (NaN for empty cells).
struct Reference {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;
};

// Reads tests/data/talib/<name>.csv.gz.
Reference talib_reference(const std::string& name);

// Reads tests/data/talib/lookbacks.csv.gz: TA-Lib function name to its lookback.
std::vector<std::pair<std::string, int>> talib_lookbacks();

}  // namespace omega::indicators::testing
