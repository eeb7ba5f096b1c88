// Batch equals streaming, bit for bit, for every registered indicator on the bundled data.
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/test_data.hpp"

namespace omega::indicators {
namespace {

// Every registered indicator at its defaults, plus non-default parameters that exercise other
// code paths (period 1, fast seeds, asymmetric bands, short sessions).
std::vector<std::string> specs() {
  std::vector<std::string> out;
  for (const auto& entry : registered_indicators()) out.emplace_back(entry.name);
  for (const char* extra : {"sma:2",
                            "sma:200",
                            "ema:2",
                            "ema:50",
                            "wma:2",
                            "wma:20",
                            "dema:9",
                            "tema:9",
                            "hma:2",
                            "hma:16",
                            "hma:55",
                            "rsi:2",
                            "rsi:28",
                            "macd:5,35,5",
                            "macd:3,4,1",
                            "bbands:20,2,2",
                            "bbands:10,1.5,2.5",
                            "atr:1",
                            "atr:20",
                            "natr:7",
                            "stoch:14,1,1",
                            "stoch:5,3,3",
                            "stochrsi:14,14,3",
                            "adx:2",
                            "adx:30",
                            "cci:20",
                            "mfi:5",
                            "vwap:60",
                            "vwap:240",
                            "willr:5",
                            "roc:1",
                            "mom:25",
                            "sar:0.01,0.1",
                            "sar:0.2,0.2",
                            "ichimoku:3,5,7",
                            "keltner:20,1.5,20",
                            "donchian:1",
                            "donchian:55",
                            "supertrend:7,2.5",
                            "stddev:20,2",
                            "linreg:2",
                            "linreg:50",
                            "linreg_slope:50"}) {
    out.emplace_back(extra);
  }
  return out;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

class Parity : public ::testing::TestWithParam<std::string> {};

// Batch and streaming give bit-identical outputs on the bundled 58k bars, and reset() replays.
TEST_P(Parity, BatchEqualsStreamingBitForBit) {
  auto made = make_indicator(GetParam());
  ASSERT_TRUE(made.ok()) << made.error().to_string();
  Indicator& indicator = **made;
  const BarColumns bars = testing::btc_1h().columns();
  const auto batch = indicator.compute(bars);
  std::vector<double> row(indicator.output_count());
  for (int pass = 0; pass < 2; ++pass) {
    int mismatches = 0;
    for (std::size_t i = 0; i < bars.size() && mismatches < 5; ++i) {
      indicator.update(bars.at(i), row);
      for (std::size_t k = 0; k < row.size(); ++k) {
        if (!same(row[k], batch[k][i])) {
          ADD_FAILURE() << GetParam() << " pass " << pass << " output "
                        << indicator.info().outputs[k] << " bar " << i << ": stream " << row[k]
                        << " batch " << batch[k][i];
          ++mismatches;
        }
      }
    }
    indicator.reset();
  }
}

// The lookback is the first bar where every output is defined, and nothing is defined earlier
// for all outputs at once.
TEST_P(Parity, LookbackIsFirstFullyDefinedBar) {
  auto made = make_indicator(GetParam());
  ASSERT_TRUE(made.ok()) << made.error().to_string();
  const Indicator& indicator = **made;
  const auto batch = indicator.compute(testing::btc_1h().columns());
  const auto all_defined = [&](std::size_t i) {
    for (const auto& column : batch) {
      if (std::isnan(column[i])) return false;
    }
    return true;
  };
  const auto lookback = static_cast<std::size_t>(indicator.lookback());
  for (std::size_t i = 0; i < lookback; ++i) {
    ASSERT_FALSE(all_defined(i)) << GetParam() << " fully defined at bar " << i;
  }
  EXPECT_TRUE(all_defined(lookback)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Indicators, Parity, ::testing::ValuesIn(specs()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (c == ':' || c == ',' || c == '.') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace omega::indicators
