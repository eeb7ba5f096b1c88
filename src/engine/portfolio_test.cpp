// Accounting against hand-computed examples: spot and perps, long and short, funding,
// tiered maintenance margin, isolated and cross liquidation prices; equity = cash + uPnL.
#include "engine/portfolio.hpp"

#include <gtest/gtest.h>

namespace omega::engine {
namespace {

Price px(const char* s) {
  return Price::parse(s).value();
}
Quantity qty(const char* s) {
  return Quantity::parse(s).value();
}
Money usd(const char* s) {
  return Money::parse(s).value();
}
Rate rate(const char* s) {
  return Rate::parse(s).value();
}

Instrument perp() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT:USDT").value();
  spec.price_tick = px("0.1");
  spec.lot_step = qty("0.001");
  spec.max_leverage = 125;
  spec.maker_fee = rate("0.0002");
  spec.taker_fee = rate("0.0005");
  return Instrument::create(spec).value();
}

Instrument spot() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = px("0.01");
  spec.lot_step = qty("0.00000001");
  spec.maker_fee = rate("0.001");
  spec.taker_fee = rate("0.001");
  return Instrument::create(spec).value();
}

// Checks the identity the issue asks for at every step.
void expect_identity(const Portfolio& p) {
  EXPECT_EQ(p.equity().value(), p.wallet_balance().add(p.unrealized_pnl().value()).value());
}

TEST(Portfolio, SpotRoundTripKeepsEquityEqualToCashPlusUnrealized) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({spot(), MarginMode::kCross, 1, {}}).value();
  ASSERT_TRUE(
      p.apply_fill(i, OrderSide::kBuy, px("20000"), qty("0.1"), usd("2"), Timestamp(1)).ok());
  expect_identity(p);
  EXPECT_EQ(p.wallet_balance(), usd("9998"));             // only the fee left the wallet
  EXPECT_EQ(p.available_balance().value(), usd("7998"));  // 2000 tied up in the holding
  ASSERT_TRUE(p.set_mark(i, px("21000")).ok());
  EXPECT_EQ(p.unrealized_pnl().value(), usd("100"));
  EXPECT_EQ(p.equity().value(), usd("10098"));
  expect_identity(p);
  ASSERT_TRUE(
      p.apply_fill(i, OrderSide::kSell, px("21000"), qty("0.1"), usd("2.1"), Timestamp(2)).ok());
  EXPECT_EQ(p.wallet_balance(), usd("10095.9"));  // 10000 + 100 - 2 - 2.1
  EXPECT_EQ(p.equity().value(), usd("10095.9"));
  ASSERT_EQ(p.round_trips().size(), 1u);
  EXPECT_EQ(p.round_trips()[0].net_pnl().value(), usd("95.9"));
  EXPECT_EQ(p.fees_paid(), usd("4.1"));
}

TEST(Portfolio, SpotCannotSellWhatItDoesNotHold) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({spot(), MarginMode::kCross, 1, {}}).value();
  EXPECT_FALSE(
      p.apply_fill(i, OrderSide::kSell, px("20000"), qty("0.1"), usd("0"), Timestamp(1)).ok());
  EXPECT_EQ(p.wallet_balance(), usd("10000"));
}

TEST(Portfolio, PerpShortProfitsWhenPriceFalls) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({perp(), MarginMode::kCross, 10, {}}).value();
  ASSERT_TRUE(
      p.apply_fill(i, OrderSide::kSell, px("20000"), qty("0.5"), usd("5"), Timestamp(1)).ok());
  EXPECT_EQ(p.initial_margin(i).value(), usd("1000"));
  ASSERT_TRUE(p.set_mark(i, px("19000")).ok());
  EXPECT_EQ(p.unrealized_pnl().value(), usd("500"));
  EXPECT_EQ(p.equity().value(), usd("10495"));
  expect_identity(p);
  ASSERT_TRUE(
      p.apply_fill(i, OrderSide::kBuy, px("19000"), qty("0.5"), usd("4.75"), Timestamp(2)).ok());
  EXPECT_EQ(p.wallet_balance(), usd("10490.25"));
  EXPECT_FALSE(p.round_trips()[0].is_long);
}

TEST(Portfolio, FundingLongPaysShortReceives) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({perp(), MarginMode::kCross, 5, {}}).value();
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  // 1 BTC * 20000 * 0.0001 = 2 USDT paid by the long.
  EXPECT_EQ(p.apply_funding(i, rate("0.0001"), px("20000"), Timestamp(2)).value(), usd("2"));
  EXPECT_EQ(p.wallet_balance(), usd("9998"));
  EXPECT_EQ(p.funding_paid(), usd("2"));
  // A negative rate pays the long: 1 * 21000 * -0.0002 = -4.2.
  EXPECT_EQ(p.apply_funding(i, rate("-0.0002"), px("21000"), Timestamp(3)).value(), usd("-4.2"));
  EXPECT_EQ(p.wallet_balance(), usd("10002.2"));

  Portfolio q(usd("10000"));
  const auto j = q.add_instrument({perp(), MarginMode::kCross, 5, {}}).value();
  ASSERT_TRUE(
      q.apply_fill(j, OrderSide::kSell, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  EXPECT_EQ(q.apply_funding(j, rate("0.0001"), px("20000"), Timestamp(2)).value(), usd("-2"));
  EXPECT_EQ(q.wallet_balance(), usd("10002"));
  expect_identity(q);
}

TEST(Portfolio, TieredMaintenanceMargin) {
  Portfolio p(usd("100000"));
  const auto i = p.add_instrument({perp(), MarginMode::kCross, 10, {}}).value();
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("10000"), qty("4"), usd("0"), Timestamp(1)).ok());
  // 40,000 notional: first bracket, 0.4 % -> 160.
  EXPECT_EQ(p.maintenance_margin(i).value(), usd("160"));
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("10000"), qty("6"), usd("0"), Timestamp(1)).ok());
  // 100,000 notional: second bracket, 0.5 % - 50 -> 450.
  EXPECT_EQ(p.maintenance_margin(i).value(), usd("450"));
}

TEST(Portfolio, IsolatedLiquidationPriceLongAndShort) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({perp(), MarginMode::kIsolated, 10, {}}).value();
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  // WB = 20000 / 10 = 2000; (20000 - 2000 - 0) / (1 * 0.996) = 18072.289..., up to the tick.
  EXPECT_EQ(p.liquidation_price(i).value().value(), px("18072.3"));

  Portfolio s(usd("10000"));
  const auto j = s.add_instrument({perp(), MarginMode::kIsolated, 10, {}}).value();
  ASSERT_TRUE(
      s.apply_fill(j, OrderSide::kSell, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  // (20000 + 2000 + 0) / (1 * 1.004) = 21912.350..., down to the tick.
  EXPECT_EQ(s.liquidation_price(j).value().value(), px("21912.3"));
}

TEST(Portfolio, CrossLiquidationPriceUsesTheWallet) {
  Portfolio p(usd("5000"));
  const auto i = p.add_instrument({perp(), MarginMode::kCross, 10, {}}).value();
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  // (20000 - 5000) / 0.996 = 15060.240...
  EXPECT_EQ(p.liquidation_price(i).value().value(), px("15060.3"));

  Portfolio s(usd("5000"));
  const auto j = s.add_instrument({perp(), MarginMode::kCross, 10, {}}).value();
  ASSERT_TRUE(
      s.apply_fill(j, OrderSide::kSell, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  // (20000 + 5000) / 1.004 = 24900.398...
  EXPECT_EQ(s.liquidation_price(j).value().value(), px("24900.3"));
}

TEST(Portfolio, LiquidationClosesAndMarksTheTrip) {
  Portfolio p(usd("10000"));
  const auto i = p.add_instrument({perp(), MarginMode::kIsolated, 10, {}}).value();
  ASSERT_TRUE(p.apply_fill(i, OrderSide::kBuy, px("20000"), qty("1"), usd("0"), Timestamp(1)).ok());
  ASSERT_TRUE(p.liquidate(i, px("18072.3"), usd("9.03615"), Timestamp(2)).ok());
  EXPECT_TRUE(p.position(i).is_flat());
  ASSERT_EQ(p.round_trips().size(), 1u);
  EXPECT_TRUE(p.round_trips()[0].liquidated);
  // 10000 - (20000 - 18072.3) - 9.03615
  EXPECT_EQ(p.wallet_balance(), usd("8063.26385"));
  expect_identity(p);
}

}  // namespace
}  // namespace omega::engine
