// Every risk limit, the manual halt and the kill switch, with reduce-only orders passing while
// halted; denials reach the bot as OrderUpdated kDenied events through the kernel.
#include "engine/risk_engine.hpp"

#include <gtest/gtest.h>

#include "engine/kernel.hpp"

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
  spec.taker_fee = rate("0.0005");
  return Instrument::create(spec).value();
}

struct Fixture {
  Portfolio portfolio{usd("10000")};
  InstrumentIndex i = portfolio.add_instrument({perp(), MarginMode::kCross, 10, {}}).value();
  Fixture() { EXPECT_TRUE(portfolio.set_mark(i, px("20000")).ok()); }
  RiskCheck order(OrderSide side, const char* notional, bool reduce_only = false) {
    return RiskCheck{i, side, usd(notional), qty("0.1"), reduce_only};
  }
};

TEST(RiskEngine, MaxOrderNotional) {
  Fixture f;
  RiskLimits limits;
  limits.max_order_notional = usd("1000");
  RiskEngine risk(limits);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "1000"), f.portfolio, 0, Timestamp(1)));
  auto d = risk.check(f.order(OrderSide::kBuy, "1000.01"), f.portfolio, 0, Timestamp(1));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->reason, DenialReason::kMaxOrderNotional);
}

TEST(RiskEngine, MaxPositionAndTotalNotional) {
  Fixture f;
  ASSERT_TRUE(
      f.portfolio.apply_fill(f.i, OrderSide::kBuy, px("20000"), qty("0.1"), usd("0"),
                             Timestamp(1))
          .ok());  // 2000 held
  RiskLimits limits;
  limits.max_position_notional = usd("3000");
  RiskEngine risk(limits);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "1000"), f.portfolio, 0, Timestamp(1)));
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "1001"), f.portfolio, 0, Timestamp(1))->reason,
            DenialReason::kMaxPositionNotional);
  RiskLimits total;
  total.max_total_notional = usd("2500");
  RiskEngine risk_total(total);
  EXPECT_EQ(risk_total.check(f.order(OrderSide::kBuy, "600"), f.portfolio, 0, Timestamp(1))->reason,
            DenialReason::kMaxTotalNotional);
}

TEST(RiskEngine, MaxLeverage) {
  Fixture f;
  RiskLimits limits;
  limits.max_leverage = 2;  // equity 10000 -> at most 20000 notional
  RiskEngine risk(limits);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "20000"), f.portfolio, 0, Timestamp(1)));
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "20000.1"), f.portfolio, 0, Timestamp(1))->reason,
            DenialReason::kMaxLeverage);
}

TEST(RiskEngine, MaxOpenOrdersAndRateThrottle) {
  Fixture f;
  RiskLimits limits;
  limits.max_open_orders = 3;
  limits.max_orders_per_window = 2;
  limits.rate_window = std::chrono::seconds(1);
  RiskEngine risk(limits);
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 3, Timestamp(0))->reason,
            DenialReason::kMaxOpenOrders);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(0)));
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(100)));
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(200))->reason,
            DenialReason::kRateLimited);
  // A second later the first two have left the window.
  EXPECT_FALSE(
      risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(kNanosPerSecond + 100)));
}

TEST(RiskEngine, ManualHaltBlocksEntriesButNotReductions) {
  Fixture f;
  ASSERT_TRUE(
      f.portfolio.apply_fill(f.i, OrderSide::kBuy, px("20000"), qty("0.1"), usd("0"), Timestamp(1))
          .ok());
  RiskEngine risk;
  risk.halt("operator");
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(1))->reason,
            DenialReason::kManualHalt);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kSell, "10", true), f.portfolio, 0, Timestamp(1)));
  // Reduce-only that would open is refused even when not halted.
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "10", true), f.portfolio, 0, Timestamp(1))->reason,
            DenialReason::kReduceOnlyWouldIncrease);
  risk.resume();
  EXPECT_FALSE(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(1)));
}

TEST(RiskEngine, DailyLossTripsTheKillSwitchUntilReset) {
  Fixture f;
  ASSERT_TRUE(
      f.portfolio.apply_fill(f.i, OrderSide::kBuy, px("20000"), qty("0.1"), usd("0"), Timestamp(1))
          .ok());
  RiskLimits limits;
  limits.max_daily_loss = usd("100");
  RiskEngine risk(limits);
  EXPECT_FALSE(risk.on_equity(usd("10000"), Timestamp(0)));  // the day's starting equity
  EXPECT_FALSE(risk.on_equity(usd("9900.01"), Timestamp(10)));
  EXPECT_TRUE(risk.on_equity(usd("9900"), Timestamp(20)));
  EXPECT_TRUE(risk.kill_switch_tripped());
  EXPECT_EQ(risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(30))->reason,
            DenialReason::kKillSwitch);
  EXPECT_FALSE(risk.check(f.order(OrderSide::kSell, "10", true), f.portfolio, 0, Timestamp(30)));
  // A new day does not re-arm it by itself; an operator does.
  EXPECT_FALSE(risk.on_equity(usd("9900"), Timestamp(kNanosPerDay + 1)));
  EXPECT_TRUE(risk.kill_switch_tripped());
  risk.reset_kill_switch();
  EXPECT_FALSE(
      risk.check(f.order(OrderSide::kBuy, "10"), f.portfolio, 0, Timestamp(kNanosPerDay + 2)));
}

// A venue that accepts everything and fills nothing.
class NullVenue final : public ExecutionVenue {
 public:
  void set_listener(VenueListener* l) override { listener_ = l; }
  void submit(const VenueOrder& o) override {
    submitted.push_back(o);
    listener_->on_order_accepted(o.client_order_id, o.ts);
  }
  void cancel(const ClientOrderId& id, Timestamp ts) override {
    listener_->on_order_canceled(id, "canceled", ts);
  }
  void amend_trigger(const ClientOrderId&, const Price&, Timestamp) override {}
  std::vector<VenueOrder> submitted;

 private:
  VenueListener* listener_ = nullptr;
};

class OrderingBot final : public Bot {
 public:
  std::string_view kind() const override { return "test"; }
  void on_order_event(const OrderUpdated& u) override { events.push_back(u); }
  Result<ClientOrderId> buy(const char* quantity) {
    SubmitOrder o;
    o.side = OrderSide::kBuy;
    o.type = OrderType::kMarket;
    o.quantity = qty(quantity);
    return ctx().submit_order(o);
  }
  std::vector<OrderUpdated> events;
};

TEST(Kernel, DenialIsAnEventTheBotSeesWithItsReason) {
  Portfolio portfolio(usd("10000"));
  ASSERT_TRUE(portfolio.add_instrument({perp(), MarginMode::kCross, 10, {}}).ok());
  ASSERT_TRUE(portfolio.set_mark(0, px("20000")).ok());
  SimulatedClock clock(Timestamp(0));
  NullVenue venue;
  RiskLimits limits;
  limits.max_order_notional = usd("5000");
  Kernel kernel(clock, portfolio, venue, limits);
  auto bot = std::make_unique<OrderingBot>();
  OrderingBot* raw = bot.get();
  ASSERT_TRUE(kernel.add_bot(std::move(bot), BotId("b"), Config()).ok());
  EXPECT_TRUE(raw->buy("0.1").ok());  // 2000
  auto denied = raw->buy("0.3");      // 6000
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code(), ErrorCode::kRejected);
  ASSERT_EQ(venue.submitted.size(), 1u);
  ASSERT_EQ(raw->events.size(), 3u);  // submitted, accepted, denied
  EXPECT_EQ(raw->events[2].kind, OrderUpdateKind::kDenied);
  EXPECT_NE(raw->events[2].reason.find("max_order_notional"), std::string::npos);
  kernel.halt("maintenance");
  EXPECT_FALSE(raw->buy("0.01").ok());
  EXPECT_NE(raw->events.back().reason.find("manual_halt"), std::string::npos);
}

}  // namespace
}  // namespace omega::engine
