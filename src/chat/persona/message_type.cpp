#include "chat/persona/message_type.hpp"

namespace omega::chat {

std::string_view to_string(MessageType type) {
  switch (type) {
    case MessageType::kHelp:
      return "help";
    case MessageType::kAnalysis:
      return "analysis";
    case MessageType::kFib:
      return "fib";
    case MessageType::kPatterns:
      return "patterns";
    case MessageType::kLesson:
      return "lesson";
    case MessageType::kQuiz:
      return "quiz";
    case MessageType::kPersona:
      return "persona";
    case MessageType::kDenied:
      return "denied";
    case MessageType::kRateLimited:
      return "rate_limited";
    case MessageType::kUnavailable:
      return "unavailable";
    case MessageType::kError:
      return "error";
    case MessageType::kStatus:
      return "status";
    case MessageType::kPositions:
      return "positions";
    case MessageType::kOrders:
      return "orders";
    case MessageType::kBalance:
      return "balance";
    case MessageType::kPerformance:
      return "performance";
    case MessageType::kRisk:
      return "risk";
    case MessageType::kAlerts:
      return "alerts";
    case MessageType::kNotify:
      return "notify";
    case MessageType::kConfirm:
      return "confirm";
    case MessageType::kControl:
      return "control";
    case MessageType::kNotification:
      return "notification";
    case MessageType::kBacktest:
      return "backtest";
  }
  return "error";
}

std::optional<MessageType> parse_message_type(std::string_view text) {
  for (MessageType t : kAllMessageTypes) {
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

}  // namespace omega::chat
