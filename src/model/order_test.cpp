#include "model/order.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace omega {
namespace {

using S = OrderStatus;
using E = OrderEvent;

// The legal transitions, written out independently of the implementation's switch.
const std::map<std::pair<S, E>, S>& legal_transitions() {
  static const std::map<std::pair<S, E>, S> table = {
      {{S::kInitialized, E::kSubmit}, S::kSubmitted},
      {{S::kInitialized, E::kReject}, S::kRejected},
      {{S::kInitialized, E::kCancel}, S::kCanceled},

      {{S::kSubmitted, E::kAccept}, S::kAccepted},
      {{S::kSubmitted, E::kReject}, S::kRejected},
      {{S::kSubmitted, E::kRequestCancel}, S::kPendingCancel},
      {{S::kSubmitted, E::kCancel}, S::kCanceled},
      {{S::kSubmitted, E::kExpire}, S::kExpired},
      {{S::kSubmitted, E::kPartialFill}, S::kPartiallyFilled},
      {{S::kSubmitted, E::kFill}, S::kFilled},

      {{S::kAccepted, E::kTrigger}, S::kTriggered},
      {{S::kAccepted, E::kRequestCancel}, S::kPendingCancel},
      {{S::kAccepted, E::kCancel}, S::kCanceled},
      {{S::kAccepted, E::kExpire}, S::kExpired},
      {{S::kAccepted, E::kPartialFill}, S::kPartiallyFilled},
      {{S::kAccepted, E::kFill}, S::kFilled},

      {{S::kTriggered, E::kReject}, S::kRejected},
      {{S::kTriggered, E::kRequestCancel}, S::kPendingCancel},
      {{S::kTriggered, E::kCancel}, S::kCanceled},
      {{S::kTriggered, E::kExpire}, S::kExpired},
      {{S::kTriggered, E::kPartialFill}, S::kPartiallyFilled},
      {{S::kTriggered, E::kFill}, S::kFilled},

      {{S::kPendingCancel, E::kCancelReject}, S::kAccepted},  // back to where it was
      {{S::kPendingCancel, E::kCancel}, S::kCanceled},
      {{S::kPendingCancel, E::kExpire}, S::kExpired},
      {{S::kPendingCancel, E::kPartialFill}, S::kPendingCancel},
      {{S::kPendingCancel, E::kFill}, S::kFilled},

      {{S::kPartiallyFilled, E::kRequestCancel}, S::kPendingCancel},
      {{S::kPartiallyFilled, E::kCancel}, S::kCanceled},
      {{S::kPartiallyFilled, E::kExpire}, S::kExpired},
      {{S::kPartiallyFilled, E::kPartialFill}, S::kPartiallyFilled},
      {{S::kPartiallyFilled, E::kFill}, S::kFilled},
  };
  return table;
}

TEST(OrderStatus, TransitionTableAllowsExactlyTheLegalPairs) {
  int legal = 0;
  for (const S from : kAllOrderStatuses) {
    for (const E event : kAllOrderEvents) {
      const auto r = order_transition(from, event, S::kAccepted);
      const auto it = legal_transitions().find({from, event});
      if (it != legal_transitions().end()) {
        ++legal;
        ASSERT_TRUE(r.ok()) << to_string(from) << " + " << to_string(event);
        EXPECT_EQ(*r, it->second) << to_string(from) << " + " << to_string(event);
      } else {
        ASSERT_FALSE(r.ok()) << to_string(from) << " + " << to_string(event);
        EXPECT_EQ(r.error().code(), ErrorCode::kState);
        // The message names the from state and the event.
        EXPECT_NE(r.error().message().find(std::string(to_string(from))), std::string::npos);
        EXPECT_NE(r.error().message().find(std::string(to_string(event))), std::string::npos);
      }
    }
  }
  EXPECT_EQ(legal, 32);
  for (const S terminal : {S::kFilled, S::kCanceled, S::kRejected, S::kExpired}) {
    EXPECT_TRUE(is_terminal(terminal));
  }
  EXPECT_EQ(order_transition(S::kAccepted, E::kSubmit).error().message(),
            "illegal order transition accepted -> submitted (event submit)");
}

Quantity qty(std::string_view s) {
  return Quantity::parse(s).value();
}
Price px(std::string_view s) {
  return Price::parse(s).value();
}

OrderSpec stop_limit_spec() {
  OrderSpec spec;
  spec.client_order_id = ClientOrderId("c-1");
  spec.symbol = Symbol::parse("BTC/USDT:USDT").value();
  spec.side = OrderSide::kBuy;
  spec.type = OrderType::kStopLimit;
  spec.quantity = qty("10");
  spec.price = px("60000");
  spec.trigger_price = px("59990");
  spec.ts_init = Timestamp(1);
  return spec;
}

Fill make_fill(const Order& order, const char* trade_id, const Quantity& quantity,
               const Price& price = Price::parse("60000").value()) {
  Fill f;
  f.trade_id = TradeId(trade_id);
  f.client_order_id = order.client_order_id();
  f.side = order.side();
  f.price = price;
  f.quantity = quantity;
  f.ts_event = Timestamp(5);
  return f;
}

int g_trade_seq = 0;

// Applies one event through Order's public methods.
Status apply(Order& order, E event) {
  const Timestamp ts(10);
  std::string trade = std::to_string(++g_trade_seq);
  trade.insert(trade.begin(), 't');
  switch (event) {
    case E::kSubmit:
      return order.submit(ts);
    case E::kAccept:
      return order.accept(VenueOrderId("v-1"), ts);
    case E::kReject:
      return order.reject("insufficient margin", ts);
    case E::kTrigger:
      return order.trigger(ts);
    case E::kRequestCancel:
      return order.request_cancel(ts);
    case E::kCancelReject:
      return order.cancel_rejected(ts);
    case E::kCancel:
      return order.cancel(ts);
    case E::kExpire:
      return order.expire(ts);
    case E::kPartialFill:
      return order.apply_fill(make_fill(order, trade.c_str(), qty("1")));
    case E::kFill:
      return order.apply_fill(make_fill(order, trade.c_str(), order.leaves_quantity()));
  }
  return Error(ErrorCode::kInternal, "unknown event");
}

// Builds an order in `status` through legal events only.
Order order_in(S status) {
  Order order = Order::create(stop_limit_spec()).value();
  std::vector<E> path;
  switch (status) {
    case S::kInitialized:
      break;
    case S::kSubmitted:
      path = {E::kSubmit};
      break;
    case S::kAccepted:
      path = {E::kSubmit, E::kAccept};
      break;
    case S::kTriggered:
      path = {E::kSubmit, E::kAccept, E::kTrigger};
      break;
    case S::kPendingCancel:
      path = {E::kSubmit, E::kAccept, E::kRequestCancel};
      break;
    case S::kPartiallyFilled:
      path = {E::kSubmit, E::kAccept, E::kPartialFill};
      break;
    case S::kFilled:
      path = {E::kSubmit, E::kAccept, E::kFill};
      break;
    case S::kCanceled:
      path = {E::kSubmit, E::kAccept, E::kCancel};
      break;
    case S::kRejected:
      path = {E::kSubmit, E::kReject};
      break;
    case S::kExpired:
      path = {E::kSubmit, E::kAccept, E::kExpire};
      break;
  }
  for (const E e : path) EXPECT_TRUE(apply(order, e).ok());
  EXPECT_EQ(order.status(), status);
  return order;
}

// Every (state, event) pair through the Order itself: legal ones move to the expected state,
// illegal ones are refused with kState and change nothing.
TEST(Order, EveryStateEventPairThroughTheOrder) {
  int refused = 0;
  for (const S from : kAllOrderStatuses) {
    for (const E event : kAllOrderEvents) {
      Order order = order_in(from);
      const Quantity filled_before = order.filled_quantity();
      const Status s = apply(order, event);
      const auto it = legal_transitions().find({from, event});
      if (it != legal_transitions().end()) {
        ASSERT_TRUE(s.ok()) << to_string(from) << " + " << to_string(event) << ": "
                            << s.error().to_string();
        EXPECT_EQ(order.status(), it->second) << to_string(from) << " + " << to_string(event);
      } else {
        ++refused;
        ASSERT_FALSE(s.ok()) << to_string(from) << " + " << to_string(event);
        EXPECT_EQ(s.error().code(), ErrorCode::kState);
        EXPECT_EQ(order.status(), from);
        EXPECT_EQ(order.filled_quantity(), filled_before);
      }
    }
  }
  EXPECT_EQ(refused, 100 - 32);
}

TEST(Order, TriggerIsRefusedForOrdersWithoutTrigger) {
  OrderSpec spec = stop_limit_spec();
  spec.type = OrderType::kLimit;
  spec.trigger_price.reset();
  Order order = Order::create(spec).value();
  ASSERT_TRUE(order.submit(Timestamp(1)).ok());
  ASSERT_TRUE(order.accept(VenueOrderId("v"), Timestamp(2)).ok());
  const Status s = order.trigger(Timestamp(3));
  EXPECT_EQ(s.error().code(), ErrorCode::kState);
  EXPECT_EQ(order.status(), S::kAccepted);
}

TEST(Order, AmendTriggerMovesAnOpenStopOnly) {
  Order order = Order::create(stop_limit_spec()).value();
  ASSERT_TRUE(order.submit(Timestamp(1)).ok());
  ASSERT_TRUE(order.accept(VenueOrderId("v"), Timestamp(2)).ok());
  const Price moved = Price::parse("123.45").value();
  ASSERT_TRUE(order.amend_trigger(moved, Timestamp(3)).ok());
  EXPECT_EQ(order.trigger_price(), moved);
  EXPECT_EQ(order.ts_last(), Timestamp(3));
  EXPECT_EQ(order.amend_trigger(Price::parse("0").value(), Timestamp(4)).error().code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(order.cancel(Timestamp(5)).ok());
  EXPECT_EQ(order.amend_trigger(moved, Timestamp(6)).error().code(), ErrorCode::kState);

  OrderSpec limit = stop_limit_spec();
  limit.type = OrderType::kLimit;
  limit.trigger_price.reset();
  Order plain = Order::create(limit).value();
  EXPECT_EQ(plain.amend_trigger(moved, Timestamp(1)).error().code(), ErrorCode::kState);
}

TEST(Order, CancelRejectReturnsToTheStateBeforeIncludingFillsInFlight) {
  Order order = order_in(S::kPendingCancel);
  ASSERT_TRUE(apply(order, E::kPartialFill).ok());
  EXPECT_EQ(order.status(), S::kPendingCancel);
  ASSERT_TRUE(order.cancel_rejected(Timestamp(20)).ok());
  EXPECT_EQ(order.status(), S::kPartiallyFilled);
  Order triggered = order_in(S::kTriggered);
  ASSERT_TRUE(triggered.request_cancel(Timestamp(20)).ok());
  ASSERT_TRUE(triggered.cancel_rejected(Timestamp(21)).ok());
  EXPECT_EQ(triggered.status(), S::kTriggered);
}

TEST(Order, FillsTrackQuantityAndExactAveragePrice) {
  OrderSpec spec = stop_limit_spec();
  spec.type = OrderType::kLimit;
  spec.trigger_price.reset();
  spec.quantity = qty("0.003");
  Order order = Order::create(spec).value();
  ASSERT_TRUE(order.submit(Timestamp(1)).ok());
  ASSERT_TRUE(order.accept(VenueOrderId("v"), Timestamp(2)).ok());
  ASSERT_TRUE(order.apply_fill(make_fill(order, "a", qty("0.001"), px("60000.1"))).ok());
  ASSERT_TRUE(order.apply_fill(make_fill(order, "b", qty("0.001"), px("60000.2"))).ok());
  EXPECT_EQ(order.status(), S::kPartiallyFilled);
  // A replayed fill and an overfill are refused and change nothing.
  EXPECT_EQ(order.apply_fill(make_fill(order, "b", qty("0.001"))).error().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(order.apply_fill(make_fill(order, "c", qty("0.002"))).error().code(),
            ErrorCode::kRejected);
  EXPECT_EQ(order.filled_quantity(), qty("0.002"));
  ASSERT_TRUE(order.apply_fill(make_fill(order, "c", qty("0.001"), px("60000.2"))).ok());
  EXPECT_EQ(order.status(), S::kFilled);
  EXPECT_TRUE(order.leaves_quantity().is_zero());
  // (60000.1 + 60000.2 + 60000.2) / 3 = 60000.1666...
  EXPECT_EQ(order.filled_notional().to_string_trimmed(), "180.0005");
  EXPECT_EQ(order.average_fill_price(4).value().to_string(), "60000.1667");
  EXPECT_EQ(order.average_fill_price(1, Rounding::kDown).value().to_string(), "60000.1");
  EXPECT_EQ(order.trade_ids().size(), 3u);
  EXPECT_TRUE(order.is_done());
}

TEST(Order, FillsForAnotherOrderOrSideAreRefused) {
  Order order = order_in(S::kAccepted);
  Fill f = make_fill(order, "x", qty("1"));
  f.client_order_id = ClientOrderId("other");
  EXPECT_EQ(order.apply_fill(f).error().code(), ErrorCode::kInvalidArgument);
  f = make_fill(order, "x", qty("1"));
  f.side = OrderSide::kSell;
  EXPECT_EQ(order.apply_fill(f).error().code(), ErrorCode::kInvalidArgument);
  f = make_fill(order, "x", qty("0"));
  EXPECT_EQ(order.apply_fill(f).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(order.status(), S::kAccepted);
  EXPECT_EQ(order.average_fill_price(2).error().code(), ErrorCode::kState);
}

TEST(Order, CreateValidatesTerms) {
  const auto code = [](OrderSpec spec) {
    auto r = Order::create(std::move(spec));
    return r.ok() ? std::string("ok") : std::string(to_string(r.error().code()));
  };
  OrderSpec market = stop_limit_spec();
  market.type = OrderType::kMarket;
  market.price.reset();
  market.trigger_price.reset();
  EXPECT_EQ(code(market), "ok");
  OrderSpec bad = market;
  bad.price = px("1");
  EXPECT_EQ(code(bad), "invalid_argument");  // market with a price
  bad = market;
  bad.time_in_force = TimeInForce::kPostOnly;
  EXPECT_EQ(code(bad), "invalid_argument");  // post-only market
  bad = market;
  bad.quantity = qty("0");
  EXPECT_EQ(code(bad), "invalid_argument");
  bad = market;
  bad.client_order_id = ClientOrderId();
  EXPECT_EQ(code(bad), "invalid_argument");
  OrderSpec stop = market;
  stop.type = OrderType::kStopMarket;
  EXPECT_EQ(code(stop), "invalid_argument");  // no trigger
  stop.trigger_price = px("59000");
  EXPECT_EQ(code(stop), "ok");
  OrderSpec tp = stop;
  tp.type = OrderType::kTakeProfitLimit;
  EXPECT_EQ(code(tp), "invalid_argument");  // no limit price
  tp.price = px("61000");
  tp.time_in_force = TimeInForce::kPostOnly;
  tp.reduce_only = true;
  EXPECT_EQ(code(tp), "ok");
  tp.price = px("-1");
  EXPECT_EQ(code(tp), "invalid_argument");
  OrderSpec limit = market;
  limit.type = OrderType::kLimit;
  EXPECT_EQ(code(limit), "invalid_argument");  // no price
  limit.price = px("60000");
  limit.time_in_force = TimeInForce::kIoc;
  const Order order = Order::create(limit).value();
  EXPECT_EQ(to_string(order.time_in_force()), "IOC");
  EXPECT_EQ(to_string(order.type()), "limit");
  EXPECT_FALSE(order.is_open());
}

}  // namespace
}  // namespace omega
