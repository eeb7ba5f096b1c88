// Implements the names of the message enums.
#include "engine/messages.hpp"

namespace omega::engine {

std::string_view to_string(OrderUpdateKind kind) {
  switch (kind) {
    case OrderUpdateKind::kSubmitted:
      return "submitted";
    case OrderUpdateKind::kDenied:
      return "denied";
    case OrderUpdateKind::kAccepted:
      return "accepted";
    case OrderUpdateKind::kRejected:
      return "rejected";
    case OrderUpdateKind::kTriggered:
      return "triggered";
    case OrderUpdateKind::kPartiallyFilled:
      return "partially_filled";
    case OrderUpdateKind::kFilled:
      return "filled";
    case OrderUpdateKind::kCanceled:
      return "canceled";
    case OrderUpdateKind::kAmended:
      return "amended";
  }
  return "unknown";
}

std::string_view to_string(PositionChangeKind kind) {
  switch (kind) {
    case PositionChangeKind::kOpened:
      return "opened";
    case PositionChangeKind::kChanged:
      return "changed";
    case PositionChangeKind::kClosed:
      return "closed";
    case PositionChangeKind::kLiquidated:
      return "liquidated";
    case PositionChangeKind::kFunded:
      return "funded";
  }
  return "unknown";
}

}  // namespace omega::engine
