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
