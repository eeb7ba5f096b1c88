#include "model/order.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace omega {
namespace {

Error bad_terms(const OrderSpec& spec, std::string_view why) {
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("order {}: {}", spec.client_order_id.value(), why));
}

}  // namespace

std::string_view to_string(OrderType type) {
  switch (type) {
    case OrderType::kMarket:
      return "market";
    case OrderType::kLimit:
      return "limit";
    case OrderType::kStopMarket:
      return "stop_market";
    case OrderType::kStopLimit:
      return "stop_limit";
    case OrderType::kTakeProfitMarket:
      return "take_profit_market";
    case OrderType::kTakeProfitLimit:
      return "take_profit_limit";
  }
  return "unknown";
}

std::string_view to_string(TimeInForce tif) {
  switch (tif) {
    case TimeInForce::kGtc:
      return "GTC";
    case TimeInForce::kIoc:
      return "IOC";
    case TimeInForce::kFok:
      return "FOK";
    case TimeInForce::kPostOnly:
      return "PO";
  }
  return "unknown";
}

bool has_limit_price(OrderType type) {
  return type == OrderType::kLimit || type == OrderType::kStopLimit ||
         type == OrderType::kTakeProfitLimit;
}

bool has_trigger_price(OrderType type) {
  return type == OrderType::kStopMarket || type == OrderType::kStopLimit ||
         type == OrderType::kTakeProfitMarket || type == OrderType::kTakeProfitLimit;
}

Order::Order(OrderSpec spec)
    : spec_(std::move(spec)),
      filled_quantity_(Quantity::zero(spec_.quantity.precision())),
      ts_last_(spec_.ts_init) {}

Result<Order> Order::create(OrderSpec spec) {
  if (spec.client_order_id.empty()) return bad_terms(spec, "client order id is empty");
  if (!spec.quantity.is_positive()) return bad_terms(spec, "quantity must be positive");
  if (has_limit_price(spec.type) != spec.price.has_value()) {
    return bad_terms(spec, fmt::format("a {} order {} a limit price", to_string(spec.type),
                                       has_limit_price(spec.type) ? "needs" : "takes no"));
  }
  if (has_trigger_price(spec.type) != spec.trigger_price.has_value()) {
    return bad_terms(spec, fmt::format("a {} order {} a trigger price", to_string(spec.type),
                                       has_trigger_price(spec.type) ? "needs" : "takes no"));
  }
  if (spec.price && !spec.price->is_positive()) return bad_terms(spec, "price must be positive");
  if (spec.trigger_price && !spec.trigger_price->is_positive()) {
    return bad_terms(spec, "trigger price must be positive");
  }
  if (spec.time_in_force == TimeInForce::kPostOnly && !has_limit_price(spec.type)) {
    return bad_terms(spec, "post-only needs a limit price");
  }
  return Order(std::move(spec));
}

Quantity Order::leaves_quantity() const {
  // filled <= quantity is an invariant, so the difference cannot overflow.
  return spec_.quantity.sub(filled_quantity_).value();
}

Result<Price> Order::average_fill_price(int precision, Rounding rounding) const {
  if (filled_quantity_.is_zero()) return Error(ErrorCode::kState, "order has no fills");
  return price_from_notional(filled_notional_, filled_quantity_, precision, rounding);
}

Status Order::transition(OrderEvent event, Timestamp ts) {
  OMEGA_ASSIGN_OR_RETURN(OrderStatus next,
                         order_transition(status_, event, before_pending_cancel_));
  if (next == OrderStatus::kPendingCancel) {
    if (status_ != OrderStatus::kPendingCancel) {
      before_pending_cancel_ = status_;
    } else if (event == OrderEvent::kPartialFill) {
      before_pending_cancel_ = OrderStatus::kPartiallyFilled;
    }
  }
  status_ = next;
  ts_last_ = ts;
  return ok_status();
}

Status Order::submit(Timestamp ts) {
  return transition(OrderEvent::kSubmit, ts);
}

Status Order::accept(VenueOrderId venue_order_id, Timestamp ts) {
  OMEGA_TRY(transition(OrderEvent::kAccept, ts));
  venue_order_id_ = std::move(venue_order_id);
  return ok_status();
}

Status Order::reject(std::string reason, Timestamp ts) {
  OMEGA_TRY(transition(OrderEvent::kReject, ts));
  reject_reason_ = std::move(reason);
  return ok_status();
}

Status Order::trigger(Timestamp ts) {
  if (!has_trigger_price(spec_.type)) {
    return Error(ErrorCode::kState,
                 fmt::format("illegal order transition {} -> triggered (event trigger): a {} "
                             "order has no trigger",
                             to_string(status_), to_string(spec_.type)));
  }
  return transition(OrderEvent::kTrigger, ts);
}

Status Order::amend_trigger(const Price& trigger_price, Timestamp ts) {
  if (!has_trigger_price(spec_.type) || is_done()) {
    return Error(
        ErrorCode::kState,
        fmt::format("order {}: cannot move the trigger of a {} {} order",
                    spec_.client_order_id.value(), to_string(status_), to_string(spec_.type)));
  }
  if (!trigger_price.is_positive()) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("order {}: trigger price must be positive", spec_.client_order_id.value()));
  }
  spec_.trigger_price = trigger_price;
  ts_last_ = ts;
  return ok_status();
}

Status Order::request_cancel(Timestamp ts) {
  return transition(OrderEvent::kRequestCancel, ts);
}
Status Order::cancel_rejected(Timestamp ts) {
  return transition(OrderEvent::kCancelReject, ts);
}
Status Order::cancel(Timestamp ts) {
  return transition(OrderEvent::kCancel, ts);
}
Status Order::expire(Timestamp ts) {
  return transition(OrderEvent::kExpire, ts);
}

Status Order::apply_fill(const Fill& fill) {
  const auto refuse = [&](ErrorCode code, std::string why) {
    return Error(code, fmt::format("order {}: fill {} refused: {}", spec_.client_order_id.value(),
                                   fill.trade_id.value(), why));
  };
  // The status decides first: a fill on a terminal or unsent order is a state error.
  if (auto legal = order_transition(status_, OrderEvent::kFill, before_pending_cancel_);
      !legal.ok()) {
    return std::move(legal).error();
  }
  if (fill.client_order_id != spec_.client_order_id) {
    return refuse(ErrorCode::kInvalidArgument,
                  fmt::format("it belongs to order {}", fill.client_order_id.value()));
  }
  if (fill.side != spec_.side) return refuse(ErrorCode::kInvalidArgument, "wrong side");
  if (!fill.quantity.is_positive()) return refuse(ErrorCode::kInvalidArgument, "quantity <= 0");
  if (!fill.price.is_positive()) return refuse(ErrorCode::kInvalidArgument, "price <= 0");
  if (std::find(trade_ids_.begin(), trade_ids_.end(), fill.trade_id) != trade_ids_.end()) {
    return refuse(ErrorCode::kAlreadyExists, "trade id already applied");
  }
  OMEGA_ASSIGN_OR_RETURN(Quantity filled, filled_quantity_.add(fill.quantity));
  if (filled > spec_.quantity) {
    return refuse(ErrorCode::kRejected,
                  fmt::format("overfill: {} filled of {}", filled.to_string_trimmed(),
                              spec_.quantity.to_string_trimmed()));
  }
  OMEGA_ASSIGN_OR_RETURN(Money value, notional(fill.price, fill.quantity));
  OMEGA_ASSIGN_OR_RETURN(Money total, filled_notional_.add(value));
  const OrderEvent event = filled == spec_.quantity ? OrderEvent::kFill : OrderEvent::kPartialFill;
  OMEGA_TRY(transition(event, fill.ts_event));
  filled_quantity_ = filled;
  filled_notional_ = total;
  trade_ids_.push_back(fill.trade_id);
  return ok_status();
}

}  // namespace omega
