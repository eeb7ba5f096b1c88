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
  kStatus,        // bots and their states
  kPositions,     // open positions with entry, mark and unrealised PnL
  kOrders,        // open orders
  kBalance,       // cash per currency and equity
  kPerformance,   // PnL and statistics over a period
  kRisk,          // exposure, leverage, halt and limits
  kAlerts,        // the user's alert rules
  kNotify,        // the user's notification levels
  kConfirm,       // a trade command waiting for `confirm`
  kControl,       // the result of a control command (trade, bot, halt/resume)
  kNotification,  // an event pushed to a user (fill, stop, signal, risk, fault, alert)
  kBacktest,      // a backtest summary
};

inline constexpr std::size_t kMessageTypeCount = 23;

// Every message type, in enum order.
inline constexpr std::array<MessageType, kMessageTypeCount> kAllMessageTypes = {
    MessageType::kHelp,         MessageType::kAnalysis, MessageType::kFib,
    MessageType::kPatterns,     MessageType::kLesson,   MessageType::kQuiz,
    MessageType::kPersona,      MessageType::kDenied,   MessageType::kRateLimited,
    MessageType::kUnavailable,  MessageType::kError,    MessageType::kStatus,
    MessageType::kPositions,    MessageType::kOrders,   MessageType::kBalance,
    MessageType::kPerformance,  MessageType::kRisk,     MessageType::kAlerts,
    MessageType::kNotify,       MessageType::kConfirm,  MessageType::kControl,
    MessageType::kNotification, MessageType::kBacktest};

// Returns the snake_case key used in persona files, e.g. "rate_limited".
std::string_view to_string(MessageType type);

// Parses a key from a persona file; nullopt for an unknown key.
std::optional<MessageType> parse_message_type(std::string_view text);

}  // namespace omega::chat
