#include "chat/chat_message.hpp"

namespace omega::chat {

std::string_view to_string(ReplyOutcome outcome) {
  switch (outcome) {
    case ReplyOutcome::kAnswered:
      return "answered";
    case ReplyOutcome::kDenied:
      return "denied";
    case ReplyOutcome::kRateLimited:
      return "rate_limited";
    case ReplyOutcome::kUnavailable:
      return "unavailable";
    case ReplyOutcome::kRejected:
      return "rejected";
    case ReplyOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace omega::chat
