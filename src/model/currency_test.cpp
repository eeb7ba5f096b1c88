#include "model/currency.hpp"

#include <gtest/gtest.h>

#include "model/quote.hpp"

namespace omega {
namespace {

TEST(Currency, ParsesUnifiedCodes) {
  EXPECT_EQ(Currency::parse("USDT").value().code(), "USDT");
  EXPECT_EQ(Currency::parse("1000PEPE").value().to_string(), "1000PEPE");
  EXPECT_EQ(Currency::parse("ABCDEFGHIJKLMNO").value().code().size(), Currency::kMaxLength);
  EXPECT_LT(Currency::parse("BTC").value(), Currency::parse("ETH").value());
  EXPECT_EQ(Currency::parse("BTC").value(), Currency::parse("BTC").value());
  EXPECT_TRUE(Currency().empty());
  for (const char* bad : {"", "usdt", "US DT", "BTC-", "ABCDEFGHIJKLMNOP"}) {
    auto r = Currency::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse);
  }
}

TEST(Quote, FlagsCrossedQuotes) {
  Quote q{Price::parse("61800.20").value(), Quantity::parse("2.5").value(),
          Price::parse("61800.3").value(), Quantity::parse("1").value(), Timestamp(0)};
  EXPECT_FALSE(q.is_crossed());
  q.ask = Price::parse("61800.2").value();
  EXPECT_TRUE(q.is_crossed());  // locked counts
}

}  // namespace
}  // namespace omega
