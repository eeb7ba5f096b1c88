// Provides MessageType: the kinds of reply a persona has a template for, and their names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace omega::chat {

// One kind of reply; every persona renders every kind (the base persona supplies defaults).
enum class MessageType : std::uint8_t {
  kHelp,
  kAnalysis,
  kFib,
  kPatterns,
  kLesson,
  kQuiz,
  kPersona,
  kDenied,
  kRateLimited,
  kUnavailable,
  kError,
};

inline constexpr std::size_t kMessageTypeCount = 11;

// Every message type, in enum order.
inline constexpr std::array<MessageType, kMessageTypeCount> kAllMessageTypes = {
    MessageType::kHelp,        MessageType::kAnalysis, MessageType::kFib,
    MessageType::kPatterns,    MessageType::kLesson,   MessageType::kQuiz,
    MessageType::kPersona,     MessageType::kDenied,   MessageType::kRateLimited,
    MessageType::kUnavailable, MessageType::kError};

// Returns the snake_case key used in persona files, e.g. "rate_limited".
std::string_view to_string(MessageType type);

// Parses a key from a persona file; nullopt for an unknown key.
std::optional<MessageType> parse_message_type(std::string_view text);

}  // namespace omega::chat
