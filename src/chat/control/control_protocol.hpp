// Provides the control channel's messages: ControlCommand (chat → farm, on the store stream
// "control") and ControlResult (farm → chat, on "control.results" and kept in bot state under
// "control"), as flat JSON objects. Format in docs/chat.md ("The control channel").
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "chat/flat_json.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace omega::chat {

// The store stream commands go to, the stream results come back on, the consumer group the
// farm reads commands with, and the bot-state owner of results by command id.
inline constexpr std::string_view kControlStream = "control";
inline constexpr std::string_view kControlResultsStream = "control.results";
inline constexpr std::string_view kControlGroup = "engine";
inline constexpr std::string_view kControlStateBot = "control";

// One operator command for the running farm.
struct ControlCommand {
  std::string id;  // idempotency id: applied at most once whatever the redeliveries
  Timestamp ts;
  std::string user;       // who asked
  std::string role;       // the role the pipeline authorised ("trader", "admin")
  std::string front_end;  // "console", "discord"
  // "halt", "resume", "bot.start", "bot.stop", "bot.pause", "buy", "sell", "close", "cancel"
  std::string action;
  std::string bot;       // bot.* (and the owner of a manual order, "manual" by default)
  std::string symbol;    // buy, sell, close
  std::string quantity;  // buy, sell
  std::string price;     // buy, sell: limit price; empty = market
  std::string order;     // cancel: client order id
};

// What the farm did with a command.
struct ControlResult {
  std::string id;
  std::string action;
  std::string user;
  // "ok", "rejected" (refused by the risk engine or the rules), "failed" (bad command or error)
  std::string status;
  std::string detail;  // a sentence with what happened (order id, reason, state change)
  Timestamp ts;
};

// How long after it was sent (its `ts`) the farm still applies a command that trades or lets
// trading start again — buy, sell, close, cancel, resume, bot.start — the same 60 s a trade's
// confirmation lasts. A command found later (the farm was down, or started after it was sent)
// is answered "rejected" (expired) and never executed. Commands that stop — halt, bot.stop,
// bot.pause — are applied whenever they are read: stopping late is still safe.
inline constexpr Duration kCommandTtl = std::chrono::seconds(60);

// Returns true for the actions kCommandTtl applies to.
bool expires(std::string_view action);

// Returns the role an action needs: "admin" for halt and resume, "trader" otherwise; empty for
// an unknown action.
std::string_view required_role(std::string_view action);

// Encodes and decodes the JSON payloads. Decoding fails naming the missing or bad field.
std::string encode(const ControlCommand& command);
std::string encode(const ControlResult& result);
Result<ControlCommand> decode_command(std::string_view payload);
Result<ControlResult> decode_result(std::string_view payload);

}  // namespace omega::chat
