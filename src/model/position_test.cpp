#include "model/position.hpp"

#include <gtest/gtest.h>

namespace omega {
namespace {

Price px(std::string_view s) {
  return Price::parse(s).value();
}
Quantity qty(std::string_view s) {
  return Quantity::parse(s).value();
}
Money money(std::string_view s) {
  return Money::parse(s).value();
}
Rate rate(std::string_view s) {
  return Rate::parse(s).value();
}

Position linear(PositionSide side = PositionSide::kBoth, MarginMode mode = MarginMode::kCross,
                std::int32_t leverage = 10, std::string_view contract_size = "1") {
  return Position(Symbol::parse("BTC/USDT:USDT").value(), side, mode, leverage, qty(contract_size));
}

// Hand-computed: buy 1 @ 60000 and 1 @ 62000 -> 2 @ 61000 (cost 122000); sell 0.5 @ 64000
// removes 122000 * 0.5 / 2 = 30500 of cost for 32000 -> +1500; fees 30 + 31 + 16 = 77.
TEST(Position, LongAddsAndPartialClose) {
  Position p = linear();
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("60000"), qty("1"), money("30")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("62000"), qty("1"), money("31")).ok());
  EXPECT_EQ(p.quantity(), qty("2"));
  EXPECT_EQ(p.entry_cost(), money("122000"));
  EXPECT_EQ(p.average_entry_price(2).value().to_string(), "61000.00");
  EXPECT_EQ(p.unrealized_pnl(px("63000")).value(), money("4000"));
  EXPECT_EQ(p.unrealized_pnl(px("60000")).value(), money("-2000"));
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("64000"), qty("0.5"), money("16")).ok());
  EXPECT_EQ(p.quantity(), qty("1.5"));
  EXPECT_EQ(p.entry_cost(), money("91500"));
  EXPECT_EQ(p.average_entry_price(2).value().to_string(), "61000.00");
  EXPECT_EQ(p.realized_pnl(), money("1500"));
  EXPECT_EQ(p.fees(), money("77"));
  EXPECT_EQ(p.net_realized_pnl().value(), money("1423"));
  EXPECT_TRUE(p.is_long());
}

// One-way flip: long 1.5 (cost 91500, realized 1500) sells 2.5 @ 59000: closes 1.5 for
// 88500 (-3000, realized -1500) and opens a 1 short at 59000.
TEST(Position, FlipThroughZeroInOneWayMode) {
  Position p = linear();
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("60000"), qty("1"), money("0")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("62000"), qty("1"), money("0")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("64000"), qty("0.5"), money("0")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("59000"), qty("2.5"), money("0")).ok());
  EXPECT_EQ(p.quantity(), qty("-1"));
  EXPECT_TRUE(p.is_short());
  EXPECT_EQ(p.realized_pnl(), money("-1500"));
  EXPECT_EQ(p.entry_cost(), money("59000"));
  EXPECT_EQ(p.average_entry_price(0).value().to_string(), "59000");
  EXPECT_EQ(p.unrealized_pnl(px("58000")).value(), money("1000"));
  EXPECT_EQ(p.unrealized_pnl(px("59500")).value(), money("-500"));
}

// Short 2 @ 100 + 1 @ 103 = 3 @ 101; buy 1 @ 95 -> +6; buy 2 @ 110 -> -18; flat at -12.
TEST(Position, ShortAddsReduceAndClose) {
  Position p = linear();
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("100"), qty("2"), money("0.2")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("103"), qty("1"), money("0.1")).ok());
  EXPECT_EQ(p.quantity(), qty("-3"));
  EXPECT_EQ(p.average_entry_price(0).value().to_string(), "101");
  EXPECT_EQ(p.unrealized_pnl(px("99")).value(), money("6"));
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("95"), qty("1"), money("0.1")).ok());
  EXPECT_EQ(p.realized_pnl(), money("6"));
  EXPECT_EQ(p.entry_cost(), money("202"));
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("110"), qty("2"), money("0.2")).ok());
  EXPECT_TRUE(p.is_flat());
  EXPECT_EQ(p.realized_pnl(), money("-12"));
  EXPECT_EQ(p.fees(), money("0.6"));
  EXPECT_EQ(p.net_realized_pnl().value(), money("-12.6"));
  EXPECT_TRUE(p.entry_cost().is_zero());
  EXPECT_EQ(p.average_entry_price(2).error().code(), ErrorCode::kState);
  EXPECT_TRUE(p.unrealized_pnl(px("1")).value().is_zero());
}

// Cost 300.02 for 3: a third is 100.00666.. -> 100.01 removed; the rest (200.01) leaves with
// the last close, so the round trip realizes exactly 303 - 300.02 = 2.98.
TEST(Position, ProRataRoundingNeverLeaksFromARoundTrip) {
  Position p = linear();
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("100.00"), qty("1"), money("0")).ok());
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("100.01"), qty("2"), money("0")).ok());
  EXPECT_EQ(p.entry_cost(), money("300.02"));
  EXPECT_EQ(p.average_entry_price(4).value().to_string(), "100.0067");
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("101"), qty("1"), money("0")).ok());
  EXPECT_EQ(p.realized_pnl(), money("0.99"));
  EXPECT_EQ(p.entry_cost(), money("200.01"));
  ASSERT_TRUE(p.apply_fill(OrderSide::kSell, px("101"), qty("2"), money("0")).ok());
  EXPECT_EQ(p.realized_pnl(), money("2.98"));
  EXPECT_TRUE(p.is_flat());
}

TEST(Position, ContractSizeScalesValues) {
  // 100 contracts of 0.001 BTC at 60000 = 6000 USDT.
  Position p = linear(PositionSide::kBoth, MarginMode::kCross, 5, "0.001");
  ASSERT_TRUE(p.apply_fill(OrderSide::kBuy, px("60000"), qty("100"), money("0")).ok());
  EXPECT_EQ(p.entry_cost(), money("6000"));
  EXPECT_EQ(p.average_entry_price(1).value().to_string(), "60000.0");
  EXPECT_EQ(p.unrealized_pnl(px("60100")).value(), money("10"));
  EXPECT_EQ(p.initial_margin().value(), money("1200"));
}

TEST(Position, HedgeModeRefusesCrossingSides) {
  Position lng = linear(PositionSide::kLong);
  EXPECT_EQ(lng.apply_fill(OrderSide::kSell, px("100"), qty("1"), money("0")).error().code(),
            ErrorCode::kValidation);
  ASSERT_TRUE(lng.apply_fill(OrderSide::kBuy, px("100"), qty("1"), money("0")).ok());
  EXPECT_EQ(lng.apply_fill(OrderSide::kSell, px("100"), qty("1.5"), money("0")).error().code(),
            ErrorCode::kValidation);
  EXPECT_EQ(lng.quantity(), qty("1"));
  ASSERT_TRUE(lng.apply_fill(OrderSide::kSell, px("110"), qty("1"), money("0")).ok());
  EXPECT_EQ(lng.realized_pnl(), money("10"));

  Position sht = linear(PositionSide::kShort);
  EXPECT_EQ(sht.apply_fill(OrderSide::kBuy, px("100"), qty("1"), money("0")).error().code(),
            ErrorCode::kValidation);
  ASSERT_TRUE(sht.apply_fill(OrderSide::kSell, px("100"), qty("2"), money("0")).ok());
  ASSERT_TRUE(sht.apply_fill(OrderSide::kBuy, px("90"), qty("2"), money("0")).ok());
  EXPECT_EQ(sht.realized_pnl(), money("20"));
  EXPECT_EQ(sht.apply_fill(OrderSide::kBuy, px("-1"), qty("2"), money("0")).error().code(),
            ErrorCode::kInvalidArgument);
}

// Binance USD-M, one isolated position, WB = initial margin = 60000 / 10 = 6000:
// long  LP = (60000 - 6000 - cum) / (1 * (1 - mmr)); short LP = (60000 + 6000 + cum) / (1 + mmr).
TEST(Position, IsolatedLiquidationPrice) {
  Position lng = linear(PositionSide::kBoth, MarginMode::kIsolated, 10);
  ASSERT_TRUE(lng.apply_fill(OrderSide::kBuy, px("60000"), qty("1"), money("0")).ok());
  EXPECT_EQ(lng.isolated_margin().value(), money("6000"));
  // 54000 / 0.996 = 54216.867.. -> ceil for a long.
  EXPECT_EQ(lng.liquidation_price(rate("0.004"), money("0"), 2).value().to_string(), "54216.87");
  // 53950 / 0.995 = 54221.105..
  EXPECT_EQ(lng.liquidation_price(rate("0.005"), money("50"), 2).value().to_string(), "54221.11");

  Position sht = linear(PositionSide::kBoth, MarginMode::kIsolated, 10);
  ASSERT_TRUE(sht.apply_fill(OrderSide::kSell, px("60000"), qty("1"), money("0")).ok());
  // 66000 / 1.004 = 65737.051.. -> floor for a short.
  EXPECT_EQ(sht.liquidation_price(rate("0.004"), money("0"), 2).value().to_string(), "65737.05");
  // 66050 / 1.005 = 65721.393..
  EXPECT_EQ(sht.liquidation_price(rate("0.005"), money("50"), 2).value().to_string(), "65721.39");
  // Added margin moves it away: WB 7000 -> (53000) / 0.996 = 53212.851.. -> 53212.86.
  ASSERT_TRUE(lng.add_isolated_margin(money("1000")).ok());
  EXPECT_EQ(lng.liquidation_price(rate("0.004"), money("0"), 2).value().to_string(), "53212.86");

  // 1x long cannot be liquidated.
  Position safe = linear(PositionSide::kBoth, MarginMode::kIsolated, 1);
  ASSERT_TRUE(safe.apply_fill(OrderSide::kBuy, px("60000"), qty("1"), money("0")).ok());
  EXPECT_EQ(safe.liquidation_price(rate("0.004"), money("0"), 2).value().to_string(), "0.00");

  Position cross = linear();
  ASSERT_TRUE(cross.apply_fill(OrderSide::kBuy, px("60000"), qty("1"), money("0")).ok());
  EXPECT_EQ(cross.liquidation_price(rate("0.004"), money("0"), 2).error().code(),
            ErrorCode::kState);
  EXPECT_EQ(cross.set_margin_mode(MarginMode::kIsolated).error().code(), ErrorCode::kState);
  EXPECT_EQ(lng.liquidation_price(rate("1"), money("0"), 2).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(cross.set_leverage(0).error().code(), ErrorCode::kInvalidArgument);
  ASSERT_TRUE(cross.set_leverage(20).ok());
  EXPECT_EQ(cross.initial_margin().value(), money("3000"));
}

}  // namespace
}  // namespace omega
