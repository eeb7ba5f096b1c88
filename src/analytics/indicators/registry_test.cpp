// Spec parsing, validation errors and descriptions of the indicator registry.
#include "analytics/indicators/registry.hpp"

#include <gtest/gtest.h>

namespace omega::indicators {
namespace {

TEST(Registry, DescribesOutputsLookbackAndCanonicalSpec) {
  auto macd = describe_indicator("macd:12,26,9");
  ASSERT_TRUE(macd.ok()) << macd.error().to_string();
  EXPECT_EQ(macd->name, "macd");
  EXPECT_EQ(macd->spec, "macd:12,26,9");
  EXPECT_EQ(macd->outputs, (std::vector<std::string>{"macd", "signal", "hist"}));
  EXPECT_EQ(macd->lookback, 33);

  auto bb = describe_indicator("bbands:20,2,2");
  ASSERT_TRUE(bb.ok());
  EXPECT_EQ(bb->spec, "bbands:20,2,2");
  EXPECT_EQ(bb->outputs, (std::vector<std::string>{"upper", "middle", "lower"}));
  EXPECT_EQ(bb->lookback, 19);

  auto rsi = describe_indicator("rsi:14");
  ASSERT_TRUE(rsi.ok());
  EXPECT_EQ(rsi->lookback, 14);
  EXPECT_EQ(rsi->inputs, kInputClose);
}

TEST(Registry, FillsDefaultsAndTrimsSpaces) {
  auto rsi = describe_indicator("rsi");
  ASSERT_TRUE(rsi.ok());
  EXPECT_EQ(rsi->spec, "rsi:14");
  auto bb = describe_indicator(" bbands : 20 ");
  ASSERT_TRUE(bb.ok()) << bb.error().to_string();
  EXPECT_EQ(bb->spec, "bbands:20,2,2");
  auto sar = describe_indicator("sar");
  ASSERT_TRUE(sar.ok());
  EXPECT_EQ(sar->spec, "sar:0.02,0.2");
  auto vwap = describe_indicator("vwap");
  ASSERT_TRUE(vwap.ok());
  EXPECT_EQ(vwap->spec, "vwap:1440");
  auto obv = describe_indicator("obv");
  ASSERT_TRUE(obv.ok());
  EXPECT_EQ(obv->spec, "obv");
}

TEST(Registry, UnknownNameIsNotFoundAndNamesTheSpec) {
  auto r = make_indicator("rsx:14");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message(), "indicator spec \"rsx:14\": unknown indicator \"rsx\"");
  EXPECT_FALSE(make_indicator("").ok());
  EXPECT_FALSE(make_indicator(":14").ok());
}

TEST(Registry, MalformedNumberIsParseError) {
  for (const char* spec : {"rsi:1x", "rsi:", "macd:12,,9", "bbands:20,two", "rsi:nan", "rsi:inf"}) {
    auto r = make_indicator(spec);
    ASSERT_FALSE(r.ok()) << spec;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse) << spec;
    EXPECT_NE(r.error().message().find(spec), std::string::npos) << r.error().message();
  }
  EXPECT_EQ(make_indicator("rsi:1x").error().message(),
            "indicator spec \"rsi:1x\": parameter period is not a number: \"1x\"");
}

TEST(Registry, OutOfRangeOrFractionalParameterIsInvalidArgument) {
  for (const char* spec : {"rsi:0", "rsi:1", "rsi:-3", "rsi:14.5", "sma:100001", "bbands:20,-1",
                           "stoch:0,3,3", "vwap:0", "sar:0,0.2", "sar:0.3,0.2", "macd:26,12,9",
                           "macd:12,12,9", "ichimoku:26,9,52", "rsi:14,3"}) {
    auto r = make_indicator(spec);
    ASSERT_FALSE(r.ok()) << spec;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << spec;
    EXPECT_NE(r.error().message().find(spec), std::string::npos) << r.error().message();
  }
  EXPECT_EQ(make_indicator("rsi:0").error().message(),
            "indicator spec \"rsi:0\": period must be an integer in [2, 100000], got 0");
  EXPECT_EQ(make_indicator("macd:26,12,9").error().message(),
            "indicator spec \"macd:26,12,9\": fast must be below slow");
}

TEST(Registry, ListsEveryIndicatorWithParametersAndOutputs) {
  const auto& all = registered_indicators();
  EXPECT_GE(all.size(), 30U);
  for (const auto& entry : all) {
    EXPECT_FALSE(entry.outputs.empty()) << entry.name;
    EXPECT_FALSE(entry.title.empty()) << entry.name;
    auto info = describe_indicator(entry.name);
    ASSERT_TRUE(info.ok()) << entry.name << ": " << info.error().to_string();
    EXPECT_EQ(info->outputs.size(), entry.outputs.size());
    EXPECT_GE(info->lookback, 0);
  }
}

TEST(Registry, StreamingUpdateWritesOneValuePerOutput) {
  auto made = make_indicator("macd:3,5,2");
  ASSERT_TRUE(made.ok());
  Indicator& macd = **made;
  std::vector<double> row(macd.output_count());
  for (int i = 0; i < 10; ++i) {
    macd.update(Bar{.close = 100.0 + i}, row);
  }
  // A steady rise: the fast EMA leads the slow one by a constant.
  EXPECT_GT(row[0], 0.0);
  EXPECT_NEAR(row[2], row[0] - row[1], 1e-12);
}

}  // namespace
}  // namespace omega::indicators
