// Provides OrderStatus, OrderEvent and the order state machine's transition table.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace omega {

// Where an order is in its life. Filled, Canceled, Rejected and Expired are terminal.
enum class OrderStatus : std::uint8_t {
  kInitialized,      // built locally, not sent
  kSubmitted,        // sent to the venue, no answer yet
  kAccepted,         // resting on the venue (or, for a stop, waiting for its trigger)
  kTriggered,        // a stop / take-profit whose trigger price was reached
  kPendingCancel,    // a cancel was sent, no answer yet
  kPartiallyFilled,  // some quantity filled, the rest open
  kFilled,           // fully filled
  kCanceled,         // canceled (by us, or by the venue, e.g. the rest of an IOC)
  kRejected,         // refused by the venue or the risk engine
  kExpired,          // time in force ran out (GTD, FOK/IOC at some venues)
};

// Something that happens to an order.
enum class OrderEvent : std::uint8_t {
  kSubmit,         // we sent it
  kAccept,         // the venue acknowledged it
  kReject,         // the venue or the risk engine refused it
  kTrigger,        // a stop's trigger price was reached
  kRequestCancel,  // we sent a cancel
  kCancelReject,   // the venue refused our cancel: back to the status before kPendingCancel
  kCancel,         // the venue (or we, before sending) canceled it
  kExpire,         // time in force ran out
  kPartialFill,    // a fill that leaves quantity open
  kFill,           // a fill that completes the order
};

inline constexpr std::array<OrderStatus, 10> kAllOrderStatuses = {
    OrderStatus::kInitialized, OrderStatus::kSubmitted,     OrderStatus::kAccepted,
    OrderStatus::kTriggered,   OrderStatus::kPendingCancel, OrderStatus::kPartiallyFilled,
    OrderStatus::kFilled,      OrderStatus::kCanceled,      OrderStatus::kRejected,
    OrderStatus::kExpired};

inline constexpr std::array<OrderEvent, 10> kAllOrderEvents = {
    OrderEvent::kSubmit,  OrderEvent::kAccept,        OrderEvent::kReject,
    OrderEvent::kTrigger, OrderEvent::kRequestCancel, OrderEvent::kCancelReject,
    OrderEvent::kCancel,  OrderEvent::kExpire,        OrderEvent::kPartialFill,
    OrderEvent::kFill};

// Returns e.g. "partially_filled".
std::string_view to_string(OrderStatus status);
// Returns e.g. "request_cancel".
std::string_view to_string(OrderEvent event);

// Returns true for Filled, Canceled, Rejected and Expired.
bool is_terminal(OrderStatus status);

// Returns the status after `event`, or kState naming both statuses and the event when the
// transition is illegal. `before_pending_cancel` is where kCancelReject returns to.
// A partial fill during kPendingCancel stays kPendingCancel (the cancel is still in flight).
Result<OrderStatus> order_transition(OrderStatus from, OrderEvent event,
                                     OrderStatus before_pending_cancel = OrderStatus::kAccepted);

}  // namespace omega
