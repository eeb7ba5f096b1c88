// Edge cases for every registered indicator: short series, constant prices, NaN, zero volume.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/test_data.hpp"

namespace omega::indicators {
namespace {

using testing::OwnedBars;

std::vector<std::string> default_specs() {
  std::vector<std::string> out;
  for (const auto& entry : registered_indicators()) out.emplace_back(entry.name);
  return out;
}

OwnedBars head(const OwnedBars& all, std::size_t n) {
  OwnedBars b;
  b.ts_ns.assign(all.ts_ns.begin(), all.ts_ns.begin() + static_cast<std::ptrdiff_t>(n));
  b.open.assign(all.open.begin(), all.open.begin() + static_cast<std::ptrdiff_t>(n));
  b.high.assign(all.high.begin(), all.high.begin() + static_cast<std::ptrdiff_t>(n));
  b.low.assign(all.low.begin(), all.low.begin() + static_cast<std::ptrdiff_t>(n));
  b.close.assign(all.close.begin(), all.close.begin() + static_cast<std::ptrdiff_t>(n));
  b.volume.assign(all.volume.begin(), all.volume.begin() + static_cast<std::ptrdiff_t>(n));
  return b;
}

OwnedBars constant_bars(std::size_t n, double price, double volume) {
  OwnedBars b;
  for (std::size_t i = 0; i < n; ++i) {
    b.ts_ns.push_back(static_cast<std::int64_t>(i) * 3'600'000'000'000);
    b.open.push_back(price);
    b.high.push_back(price);
    b.low.push_back(price);
    b.close.push_back(price);
    b.volume.push_back(volume);
  }
  return b;
}

// Runs both forms and returns the batch outputs after checking they agree bit for bit.
std::vector<std::vector<double>> run_both(Indicator& indicator, const OwnedBars& bars) {
  const BarColumns in = bars.columns();
  auto batch = indicator.compute(in);
  std::vector<double> row(indicator.output_count());
  indicator.reset();
  for (std::size_t i = 0; i < in.size(); ++i) {
    indicator.update(in.at(i), row);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const bool both_nan = std::isnan(row[k]) && std::isnan(batch[k][i]);
      EXPECT_TRUE(both_nan || row[k] == batch[k][i])
          << indicator.info().spec << " bar " << i << " output " << k;
    }
  }
  return batch;
}

class EdgeCases : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto made = make_indicator(GetParam());
    ASSERT_TRUE(made.ok()) << made.error().to_string();
    indicator_ = std::move(made).value();
  }
  std::unique_ptr<Indicator> indicator_;
};

// Outputs documented to start before the indicator's lookback (which is when all are defined).
bool starts_early(const std::string& spec, const std::string& output) {
  return (spec == "adx" && (output == "plus_di" || output == "minus_di")) ||
         (spec == "ichimoku" && output != "senkou_b");
}

// Empty input and series no longer than the lookback: outputs NaN, no crash.
TEST_P(EdgeCases, ShorterThanLookbackIsAllNaN) {
  const auto lookback = static_cast<std::size_t>(indicator_->lookback());
  for (const std::size_t n : {std::size_t{0}, std::min<std::size_t>(1, lookback), lookback}) {
    const auto out = run_both(*indicator_, head(testing::btc_1h(), n));
    for (std::size_t k = 0; k < out.size(); ++k) {
      ASSERT_EQ(out[k].size(), n);
      if (starts_early(GetParam(), indicator_->info().outputs[k])) continue;
      for (const double v : out[k]) EXPECT_TRUE(std::isnan(v)) << GetParam() << " n=" << n;
    }
  }
}

// Constant prices (zero range, zero change): every output defined and finite after the lookback.
TEST_P(EdgeCases, ConstantPricesGiveFiniteOutputs) {
  const auto out = run_both(*indicator_, constant_bars(400, 100.0, 5.0));
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (std::size_t i = static_cast<std::size_t>(indicator_->lookback()); i < 400; ++i) {
      ASSERT_TRUE(std::isfinite(out[k][i])) << GetParam() << " output " << k << " bar " << i;
    }
  }
}

// A NaN field poisons: outputs match the clean run before it and are NaN from it on.
TEST_P(EdgeCases, NaNInputPoisonsFromThatBarOn) {
  const std::size_t n = 400;
  const std::size_t bad = 250;
  const OwnedBars clean = head(testing::btc_1h(), n);
  OwnedBars dirty = clean;
  dirty.high[bad] = dirty.close[bad] = dirty.volume[bad] = std::nan("");
  const auto expected = indicator_->compute(clean.columns());
  const auto out = run_both(*indicator_, dirty);
  for (std::size_t k = 0; k < out.size(); ++k) {
    for (std::size_t i = 0; i < n; ++i) {
      if (i < bad) {
        const bool both_nan = std::isnan(out[k][i]) && std::isnan(expected[k][i]);
        EXPECT_TRUE(both_nan || out[k][i] == expected[k][i]) << GetParam() << " bar " << i;
      } else {
        EXPECT_TRUE(std::isnan(out[k][i])) << GetParam() << " bar " << i;
      }
    }
  }
  // reset() clears the poison.
  indicator_->reset();
  std::vector<double> row(indicator_->output_count());
  const BarColumns in = clean.columns();
  for (std::size_t i = 0; i < n; ++i) indicator_->update(in.at(i), row);
  for (std::size_t k = 0; k < row.size(); ++k) {
    EXPECT_TRUE(row[k] == expected[k][n - 1] ||
                (std::isnan(row[k]) && std::isnan(expected[k][n - 1])));
  }
}

// Zero volume everywhere: no crash; price-only indicators are unaffected.
TEST_P(EdgeCases, ZeroVolumeIsHandled) {
  const OwnedBars clean = head(testing::btc_1h(), 300);
  OwnedBars dry = clean;
  for (double& v : dry.volume) v = 0.0;
  const auto out = run_both(*indicator_, dry);
  if ((indicator_->info().inputs & kInputVolume) == 0) {
    const auto expected = indicator_->compute(clean.columns());
    for (std::size_t k = 0; k < out.size(); ++k) {
      for (std::size_t i = 0; i < out[k].size(); ++i) {
        EXPECT_TRUE(out[k][i] == expected[k][i] ||
                    (std::isnan(out[k][i]) && std::isnan(expected[k][i])));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Indicators, EdgeCases, ::testing::ValuesIn(default_specs()),
                         [](const auto& param_info) { return param_info.param; });

// The documented values on constant prices.
TEST(EdgeCasesDocumented, ConstantPriceValues) {
  const OwnedBars bars = constant_bars(400, 100.0, 5.0);
  const std::map<std::string, std::vector<double>> expected = {
      {"sma", {100}},
      {"ema", {100}},
      {"wma", {100}},
      {"dema", {100}},
      {"tema", {100}},
      {"hma", {100}},
      {"rsi", {0}},
      {"macd", {0, 0, 0}},
      {"bbands", {100, 100, 100}},
      {"trange", {0}},
      {"atr", {0}},
      {"natr", {0}},
      {"stoch", {0, 0}},
      {"stochrsi", {0, 0}},
      {"adx", {0, 0, 0}},
      {"cci", {0}},
      {"mfi", {0}},
      {"obv", {5}},
      {"vwap", {100}},
      {"willr", {0}},
      {"roc", {0}},
      {"mom", {0}},
      {"sar", {100}},
      {"ichimoku", {100, 100, 100, 100}},
      {"keltner", {100, 100, 100}},
      {"donchian", {100, 100, 100}},
      {"supertrend", {100, -1}},
      {"stddev", {0}},
      {"linreg", {100}},
      {"linreg_slope", {0}},
  };
  for (const auto& [spec, values] : expected) {
    auto made = make_indicator(spec);
    ASSERT_TRUE(made.ok()) << spec;
    const auto out = (*made)->compute(bars.columns());
    ASSERT_EQ(out.size(), values.size()) << spec;
    for (std::size_t k = 0; k < values.size(); ++k) {
      EXPECT_NEAR(out[k].back(), values[k], 1e-9) << spec << " output " << k;
    }
  }
}

// The documented values on zero volume.
TEST(EdgeCasesDocumented, ZeroVolumeValues) {
  OwnedBars bars = head(testing::btc_1h(), 100);
  for (double& v : bars.volume) v = 0.0;
  const auto obv = (*make_indicator("obv"))->compute(bars.columns());
  const auto mfi = (*make_indicator("mfi"))->compute(bars.columns());
  const auto vwap = (*make_indicator("vwap"))->compute(bars.columns());
  for (std::size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(obv[0][i], 0.0);
    if (i >= 14) {
      EXPECT_EQ(mfi[0][i], 0.0);
    }
    EXPECT_TRUE(std::isnan(vwap[0][i]));
  }
}

}  // namespace
}  // namespace omega::indicators
