#include "model/instrument.hpp"

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

// Binance USD-M BTCUSDT: tick 0.10, lot 0.001, min qty 0.001, min notional 100 USDT.
InstrumentSpec btcusdt_perp() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT:USDT").value();
  spec.price_tick = px("0.10");
  spec.lot_step = qty("0.001");
  spec.min_quantity = qty("0.001");
  spec.min_notional = money("100");
  spec.max_leverage = 125;
  spec.maker_fee = rate("0.0002");
  spec.taker_fee = rate("0.0005");
  return spec;
}

TEST(Instrument, ValidatesOrders) {
  const Instrument inst = Instrument::create(btcusdt_perp()).value();
  EXPECT_EQ(inst.price_precision(), 2);
  EXPECT_EQ(inst.quantity_precision(), 3);
  EXPECT_TRUE(inst.validate_order(px("60000.1"), qty("0.002")).ok());
  const auto code = [&](const char* price, const char* quantity) {
    Status s = inst.validate_order(px(price), qty(quantity));
    return s.ok() ? std::string("ok") : s.error().message();
  };
  EXPECT_NE(code("60000.15", "0.002").find("not a multiple of the tick"), std::string::npos);
  EXPECT_NE(code("60000.1", "0.0025").find("not a multiple of the lot"), std::string::npos);
  EXPECT_NE(code("60000.1", "0.001").find("below the minimum 100"), std::string::npos);
  EXPECT_NE(code("0", "0.002").find("must be positive"), std::string::npos);
  EXPECT_NE(code("60000", "-0.002").find("must be positive"), std::string::npos);
  EXPECT_EQ(inst.validate_order(px("60000.1"), qty("0.001")).error().code(),
            ErrorCode::kValidation);
  EXPECT_EQ(inst.notional(px("60000.1"), qty("0.002")).value(), money("120.0002"));
}

TEST(Instrument, RoundsToTickAndLot) {
  const Instrument inst = Instrument::create(btcusdt_perp()).value();
  EXPECT_EQ(inst.round_price(px("60000.17"), Rounding::kFloor).value().to_string(), "60000.10");
  EXPECT_EQ(inst.round_price(px("60000.17"), Rounding::kCeil).value().to_string(), "60000.20");
  EXPECT_EQ(inst.round_price(px("60000.15"), Rounding::kHalfEven).value().to_string(), "60000.20");
  EXPECT_EQ(inst.round_quantity(qty("0.0029"), Rounding::kDown).value().to_string(), "0.002");
}

TEST(Instrument, ContractSizeEntersNotional) {
  InstrumentSpec spec = btcusdt_perp();
  spec.contract_size = qty("0.001");
  spec.lot_step = qty("1");
  spec.min_quantity = qty("1");
  spec.min_notional = money("5");
  const Instrument inst = Instrument::create(spec).value();
  EXPECT_EQ(inst.notional(px("60000"), qty("2")).value(), money("120"));
  EXPECT_TRUE(inst.validate_order(px("60000"), qty("1")).ok());
}

TEST(Instrument, RefusesBadRules) {
  const auto code = [](InstrumentSpec spec) {
    auto r = Instrument::create(std::move(spec));
    return r.ok() ? ErrorCode::kInternal : r.error().code();
  };
  InstrumentSpec s = btcusdt_perp();
  s.price_tick = px("0");
  EXPECT_EQ(code(s), ErrorCode::kValidation);
  s = btcusdt_perp();
  s.lot_step = qty("-0.001");
  EXPECT_EQ(code(s), ErrorCode::kValidation);
  s = btcusdt_perp();
  s.max_leverage = 0;
  EXPECT_EQ(code(s), ErrorCode::kValidation);
  s = btcusdt_perp();
  s.taker_fee = rate("1");
  EXPECT_EQ(code(s), ErrorCode::kValidation);
  s = btcusdt_perp();
  s.maker_fee = rate("-0.0001");  // a rebate is fine
  EXPECT_EQ(code(s), ErrorCode::kInternal);
  s = btcusdt_perp();
  s.contract_size = qty("0");
  EXPECT_EQ(code(s), ErrorCode::kValidation);
}

}  // namespace
}  // namespace omega
