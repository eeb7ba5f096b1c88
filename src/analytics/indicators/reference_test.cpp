// Compares the eight indicators with TA-Lib 0.6 reference files on the bundled BTC/USDT 1h bars.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/test_data.hpp"

namespace omega::indicators {
namespace {

using testing::btc_1h;

struct Case {
  std::string file;               // tests/data/talib/<file>.csv.gz
  std::string spec;               // our spec for the same function
  std::vector<std::string> ours;  // our output compared to each reference column, in order
  std::string talib_function;     // name in lookbacks.csv
  double tolerance;               // relative
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.spec;
}

std::vector<Case> cases() {
  return {
      {"sma_20", "sma:20", {"sma"}, "SMA", 1e-9},
      {"ema_20", "ema:20", {"ema"}, "EMA", 1e-9},
      {"rsi_14", "rsi:14", {"rsi"}, "RSI", 1e-9},
      {"macd_12_26_9", "macd:12,26,9", {"macd", "signal", "hist"}, "MACD", 1e-9},
      {"atr_14", "atr:14", {"atr"}, "ATR", 1e-9},
      // TA-Lib's deviation comes from running sums of squares: agreement to ~1e-8 is the most
      // two correct implementations can promise.
      {"bbands_20_2_2_sma", "bbands:20,2,2", {"upper", "middle", "lower"}, "BBANDS", 1e-8},
      {"stoch_5_3_sma_3_sma", "stoch:5,3,3", {"k", "d"}, "STOCH", 1e-9},
      {"adx_14", "adx:14", {"adx"}, "ADX", 1e-9},
  };
}

std::size_t output_index(const IndicatorInfo& info, const std::string& name) {
  for (std::size_t k = 0; k < info.outputs.size(); ++k) {
    if (info.outputs[k] == name) return k;
  }
  ADD_FAILURE() << info.spec << " has no output " << name;
  return 0;
}

// Compares one column against TA-Lib: NaN exactly where TA-Lib left the cell empty, and within
// the relative tolerance elsewhere. Returns the largest relative difference seen.
double expect_matches(const std::vector<double>& ours, const std::vector<double>& ref,
                      double tolerance, const std::string& what) {
  EXPECT_EQ(ours.size(), ref.size()) << what;
  double worst = 0.0;
  int failures = 0;
  for (std::size_t i = 0; i < std::min(ours.size(), ref.size()) && failures < 5; ++i) {
    if (std::isnan(ref[i])) {
      if (!std::isnan(ours[i])) {
        ADD_FAILURE() << what << " bar " << i << ": expected NaN, got " << ours[i];
        ++failures;
      }
      continue;
    }
    const double scale = std::max(std::fabs(ours[i]), std::fabs(ref[i]));
    const double diff = std::fabs(ours[i] - ref[i]);
    const double rel = scale == 0.0 ? 0.0 : diff / scale;
    if (!(rel <= tolerance)) {
      ADD_FAILURE() << what << " bar " << i << ": TA-Lib " << ref[i] << ", ours " << ours[i]
                    << " (relative difference " << rel << ")";
      ++failures;
    }
    if (rel > worst) worst = rel;
  }
  return worst;
}

class TalibReference : public ::testing::TestWithParam<Case> {};

TEST_P(TalibReference, BatchAndStreamingMatchTalib) {
  const Case& c = GetParam();
  const auto ref = testing::talib_reference(c.file);
  ASSERT_EQ(ref.names.size(), c.ours.size());
  auto made = make_indicator(c.spec);
  ASSERT_TRUE(made.ok()) << made.error().to_string();
  Indicator& indicator = **made;
  const BarColumns bars = btc_1h().columns();

  const auto batch = indicator.compute(bars);
  std::vector<std::vector<double>> stream(indicator.output_count(),
                                          std::vector<double>(bars.size()));
  std::vector<double> row(indicator.output_count());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    indicator.update(bars.at(i), row);
    for (std::size_t k = 0; k < row.size(); ++k) stream[k][i] = row[k];
  }

  for (std::size_t r = 0; r < ref.names.size(); ++r) {
    const std::size_t k = output_index(indicator.info(), c.ours[r]);
    const double worst_batch =
        expect_matches(batch[k], ref.columns[r], c.tolerance, c.spec + " batch " + c.ours[r]);
    const double worst_stream =
        expect_matches(stream[k], ref.columns[r], c.tolerance, c.spec + " stream " + c.ours[r]);
    std::ostringstream worst;
    worst << std::scientific << std::max(worst_batch, worst_stream);
    RecordProperty(c.ours[r] + "_max_rel_diff", worst.str());
  }
}

TEST_P(TalibReference, LookbackMatchesTalib) {
  const Case& c = GetParam();
  auto info = describe_indicator(c.spec);
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  bool found = false;
  for (const auto& [function, lookback] : testing::talib_lookbacks()) {
    if (function != c.talib_function) continue;
    found = true;
    EXPECT_EQ(info->lookback, lookback) << c.spec;
  }
  EXPECT_TRUE(found) << c.talib_function << " missing from lookbacks.csv";
}

INSTANTIATE_TEST_SUITE_P(Indicators, TalibReference, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return param_info.param.file; });

}  // namespace
}  // namespace omega::indicators
