#include "model/symbol.hpp"

#include <gtest/gtest.h>

namespace omega {
namespace {

TEST(Symbol, ParsesUnifiedForms) {
  const Symbol spot = Symbol::parse("BTC/USDT").value();
  EXPECT_EQ(spot.type(), MarketType::kSpot);
  EXPECT_EQ(spot.base().code(), "BTC");
  EXPECT_EQ(spot.quote().code(), "USDT");
  EXPECT_TRUE(spot.settle().empty());
  EXPECT_FALSE(spot.is_contract());
  EXPECT_FALSE(spot.is_linear());

  const Symbol perp = Symbol::parse("BTC/USDT:USDT").value();
  EXPECT_EQ(perp.type(), MarketType::kSwap);
  EXPECT_TRUE(perp.is_linear());
  EXPECT_FALSE(perp.is_inverse());
  EXPECT_EQ(perp.settle().code(), "USDT");

  const Symbol inverse = Symbol::parse("BTC/USD:BTC").value();
  EXPECT_TRUE(inverse.is_inverse());
  EXPECT_EQ(to_string(inverse.type()), "swap");

  const Symbol dated = Symbol::parse("BTC/USDT:USDT-250328").value();
  EXPECT_EQ(dated.type(), MarketType::kFuture);
  ASSERT_TRUE(dated.expiry().has_value());
  EXPECT_EQ(*dated.expiry(), (CivilDate{2025, 3, 28}));

  const Symbol meme = Symbol::parse("1000PEPE/USDC:USDC").value();
  EXPECT_EQ(meme.base().code(), "1000PEPE");
}

TEST(Symbol, RoundTripsAndCompares) {
  for (const char* text : {"BTC/USDT", "BTC/USDT:USDT", "BTC/USD:BTC", "BTC/USDT:USDT-250328",
                           "ETH/BTC", "BTC/USDT:USDT-241227"}) {
    EXPECT_EQ(Symbol::parse(text).value().to_string(), text);
  }
  EXPECT_EQ(Symbol::parse("BTC/USDT").value(), Symbol::parse("BTC/USDT").value());
  EXPECT_NE(Symbol::parse("BTC/USDT").value(), Symbol::parse("BTC/USDT:USDT").value());
  EXPECT_EQ(std::hash<Symbol>{}(Symbol::parse("ETH/USDT").value()),
            std::hash<Symbol>{}(Symbol::parse("ETH/USDT").value()));
}

TEST(Symbol, RefusesBadTextWithClearErrors) {
  const auto message = [](const char* text) {
    auto r = Symbol::parse(text);
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok()) return std::string();
    EXPECT_EQ(r.error().code(), ErrorCode::kParse) << text;
    return r.error().message();
  };
  EXPECT_NE(message("BTCUSDT").find("missing '/'"), std::string::npos);
  EXPECT_NE(message("/USDT").find("bad base"), std::string::npos);
  EXPECT_NE(message("BTC/").find("bad quote"), std::string::npos);
  EXPECT_NE(message("btc/usdt").find("bad base"), std::string::npos);
  EXPECT_NE(message("BTC/USDT:").find("bad settle"), std::string::npos);
  EXPECT_NE(message("BTC/USDT:ETH").find("settle currency must be"), std::string::npos);
  EXPECT_NE(message("BTC/USDT:USDT-25032").find("not YYMMDD"), std::string::npos);
  EXPECT_NE(message("BTC/USDT:USDT-250231").find("not a calendar date"), std::string::npos);
  EXPECT_NE(message("BTC/USDT:USDT-241227-80000-C").find("options"), std::string::npos);
  EXPECT_NE(message("BTC/USDT/ETH").find("bad quote"), std::string::npos);
  EXPECT_NE(message("ABCDEFGHIJKLMNOPQ/USDT").find("bad base"), std::string::npos);
}

}  // namespace
}  // namespace omega
