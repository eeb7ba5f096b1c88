#include "model/order_status.hpp"

#include <optional>

#include <fmt/format.h>

namespace omega {
namespace {

using S = OrderStatus;
using E = OrderEvent;

// The table: the next status, or nullopt for an illegal transition.
std::optional<S> next(S from, E event, S before_pending_cancel) {
  switch (from) {
    case S::kInitialized:
      switch (event) {
        case E::kSubmit:
          return S::kSubmitted;
        case E::kReject:
          return S::kRejected;  // denied locally (risk engine)
        case E::kCancel:
          return S::kCanceled;  // dropped before sending
        default:
          return std::nullopt;
      }
    case S::kSubmitted:
      switch (event) {
        case E::kAccept:
          return S::kAccepted;
        case E::kReject:
          return S::kRejected;
        case E::kRequestCancel:
          return S::kPendingCancel;
        case E::kCancel:
          return S::kCanceled;  // e.g. an IOC with nothing to match
        case E::kExpire:
          return S::kExpired;
        case E::kPartialFill:
          return S::kPartiallyFilled;  // fills may outrun the ack
        case E::kFill:
          return S::kFilled;
        default:
          return std::nullopt;
      }
    case S::kAccepted:
    case S::kTriggered:
      switch (event) {
        case E::kTrigger:
          if (from == S::kAccepted) return S::kTriggered;
          return std::nullopt;
        case E::kReject:  // the venue may refuse a stop's child order once triggered
          if (from == S::kTriggered) return S::kRejected;
          return std::nullopt;
        case E::kRequestCancel:
          return S::kPendingCancel;
        case E::kCancel:
          return S::kCanceled;
        case E::kExpire:
          return S::kExpired;
        case E::kPartialFill:
          return S::kPartiallyFilled;
        case E::kFill:
          return S::kFilled;
        default:
          return std::nullopt;
      }
    case S::kPendingCancel:
      switch (event) {
        case E::kCancelReject:
          return before_pending_cancel;
        case E::kCancel:
          return S::kCanceled;
        case E::kExpire:
          return S::kExpired;
        case E::kPartialFill:
          return S::kPendingCancel;
        case E::kFill:
          return S::kFilled;
        default:
          return std::nullopt;
      }
    case S::kPartiallyFilled:
      switch (event) {
        case E::kRequestCancel:
          return S::kPendingCancel;
        case E::kCancel:
          return S::kCanceled;
        case E::kExpire:
          return S::kExpired;
        case E::kPartialFill:
          return S::kPartiallyFilled;
        case E::kFill:
          return S::kFilled;
        default:
          return std::nullopt;
      }
    case S::kFilled:
    case S::kCanceled:
    case S::kRejected:
    case S::kExpired:
      return std::nullopt;
  }
  return std::nullopt;
}

// The status an event names, for error messages ("accepted -> submitted").
std::string_view nominal_target(E event, S before_pending_cancel) {
  switch (event) {
    case E::kSubmit:
      return to_string(S::kSubmitted);
    case E::kAccept:
      return to_string(S::kAccepted);
    case E::kReject:
      return to_string(S::kRejected);
    case E::kTrigger:
      return to_string(S::kTriggered);
    case E::kRequestCancel:
      return to_string(S::kPendingCancel);
    case E::kCancelReject:
      return to_string(before_pending_cancel);
    case E::kCancel:
      return to_string(S::kCanceled);
    case E::kExpire:
      return to_string(S::kExpired);
    case E::kPartialFill:
      return to_string(S::kPartiallyFilled);
    case E::kFill:
      return to_string(S::kFilled);
  }
  return "unknown";
}

}  // namespace

std::string_view to_string(OrderStatus status) {
  switch (status) {
    case S::kInitialized:
      return "initialized";
    case S::kSubmitted:
      return "submitted";
    case S::kAccepted:
      return "accepted";
    case S::kTriggered:
      return "triggered";
    case S::kPendingCancel:
      return "pending_cancel";
    case S::kPartiallyFilled:
      return "partially_filled";
    case S::kFilled:
      return "filled";
    case S::kCanceled:
      return "canceled";
    case S::kRejected:
      return "rejected";
    case S::kExpired:
      return "expired";
  }
  return "unknown";
}

std::string_view to_string(OrderEvent event) {
  switch (event) {
    case E::kSubmit:
      return "submit";
    case E::kAccept:
      return "accept";
    case E::kReject:
      return "reject";
    case E::kTrigger:
      return "trigger";
    case E::kRequestCancel:
      return "request_cancel";
    case E::kCancelReject:
      return "cancel_reject";
    case E::kCancel:
      return "cancel";
    case E::kExpire:
      return "expire";
    case E::kPartialFill:
      return "partial_fill";
    case E::kFill:
      return "fill";
  }
  return "unknown";
}

bool is_terminal(OrderStatus status) {
  return status == S::kFilled || status == S::kCanceled || status == S::kRejected ||
         status == S::kExpired;
}

Result<OrderStatus> order_transition(OrderStatus from, OrderEvent event,
                                     OrderStatus before_pending_cancel) {
  if (const auto to = next(from, event, before_pending_cancel)) return *to;
  return Error(ErrorCode::kState,
               fmt::format("illegal order transition {} -> {} (event {})", to_string(from),
                           nominal_target(event, before_pending_cancel), to_string(event)));
}

}  // namespace omega
