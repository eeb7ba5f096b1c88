// Provides the values that flow through the chat pipeline: an inbound message, the normalised
// request a handler sees, a handler's reply before rendering, and the rendered reply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/persona/message_data.hpp"
#include "chat/persona/message_type.hpp"
#include "chat/role.hpp"

namespace omega::chat {

// How a message ended; front ends map it to exit codes or reactions.
enum class ReplyOutcome : std::uint8_t {
  kAnswered,     // the command ran and answered
  kDenied,       // unknown user or missing role
  kRateLimited,  // too many messages or a command cooldown
  kUnavailable,  // routed and allowed, but this build cannot run it yet
  kRejected,     // bad input: unknown command or option, missing argument, oversized text
  kFailed,       // the handler ran and failed
};

// A file that goes with a reply, e.g. a chart image: Discord uploads it as files[n], the
// console can save it.
struct Attachment {
  std::string file_name;     // "fib_BTC-USDT_1h.png"
  std::string content_type;  // "image/png"
  std::vector<std::byte> bytes;
  std::string description;  // alt text, e.g. what a chart shows
};

// What a handler returns: a message type and its values; the pipeline renders it. A handler
// whose command ran but did not succeed (a control command the farm refused) keeps its reply
// type and sets kFailed.
struct HandlerReply {
  MessageType type = MessageType::kError;
  MessageData data;
  ReplyOutcome outcome = ReplyOutcome::kAnswered;
  std::vector<Attachment> attachments;  // passed through to ChatReply unchanged
};

// A message as a front end received it.
struct InboundMessage {
  std::string front_end;  // "console", "discord"
  std::string user_id;    // the front end's identity of the sender (authenticated there)
  std::string channel;    // where it came from ("" for the console)
  std::string text;       // "/fib BTC/USDT 1h", "!help"
  // A role the front end established itself (Discord: the member's mapped role ids); the
  // pipeline uses the higher of it and the configured role, and admits an otherwise unknown
  // user with it.
  std::optional<Role> role = std::nullopt;
  // The front end delivers files (Discord uploads them, the console saves them with --charts):
  // handlers draw chart images only then, so a text-only answer stays fast.
  bool attachments = false;
  // The front end's own handle of the message (Discord: the interaction or message id), handed
  // back with follow-up answers so they reach the same conversation; the pipeline ignores it.
  std::string reference;
};

// A message after normalisation, authentication and authorisation.
struct ChatRequest {
  std::string front_end;
  std::string channel;
  std::string user_id;
  Role role = Role::kViewer;
  std::string command;            // lower-case name without the prefix
  std::vector<std::string> args;  // positional arguments, as typed
  std::string persona;            // the persona the reply will be rendered with
  bool attachments = false;       // InboundMessage::attachments: draw charts for this reply
  // Sends a second answer later, from any thread (deferred work: control results, backtests);
  // empty when the front end cannot deliver one (e.g. `omega chat --once`).
  std::function<void(HandlerReply)> follow_up;
};

// Returns "answered", "denied", "rate_limited", "unavailable", "rejected" or "failed".
std::string_view to_string(ReplyOutcome outcome);

// The rendered answer to one message; never empty.
struct ChatReply {
  ReplyOutcome outcome = ReplyOutcome::kFailed;
  std::string text;
  std::string command;                  // "" when the command could not be read
  bool ephemeral = false;               // private data: shown only to the sender on Discord
  std::vector<Attachment> attachments;  // files the handler attached (answered replies only)
};

}  // namespace omega::chat
