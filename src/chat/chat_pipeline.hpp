// Provides ChatPipeline: normalise → authenticate → authorise → rate limit → route → handler →
// render with the user's persona → audit, shared by every front end. Every message gets a reply.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "chat/audit_sink.hpp"
#include "chat/chat_message.hpp"
#include "chat/chat_settings.hpp"
#include "chat/persona/persona_library.hpp"
#include "chat/rate_limiter.hpp"
#include "core/result.hpp"

namespace omega::chat {

// Answers one routed, authorised request; an Error becomes the persona's error reply.
using CommandHandler = std::function<Result<HandlerReply>(const ChatRequest&)>;

// The message pipeline. Handlers are registered per command; a command of the table without a
// handler, or one the build cannot run yet, answers "not available here" with what it needs.
class ChatPipeline {
 public:
  ChatPipeline(ChatSettings settings, const PersonaLibrary& personas, ChatClock clock,
               AuditSink& audit);

  // Registers the handler of command `name` (a name of the command table).
  void register_handler(std::string_view name, CommandHandler handler);

  // Delivers follow-up answers (ChatRequest::follow_up) to the front end: called from the thread
  // that finished the work, with the message that asked and the rendered, audited reply.
  using FollowUpDelivery = std::function<void(const InboundMessage& origin, ChatReply reply)>;
  void set_follow_up_delivery(FollowUpDelivery deliver);

  // Runs `message` through the pipeline and returns the rendered reply; never throws.
  ChatReply handle(const InboundMessage& message);

  // Picks the persona `user_id` is answered with; fails for an unknown persona.
  Status set_persona(std::string_view user_id, std::string_view persona);
  // Picks the persona of a channel, used for users who have not picked their own.
  Status set_channel_persona(std::string_view channel, std::string_view persona);
  // Returns the persona `user_id` is answered with in `channel`: the user's own choice, else
  // the channel's, else the configured default.
  const Persona& persona_of(std::string_view user_id, std::string_view channel = {}) const;

  const ChatSettings& settings() const { return settings_; }
  const PersonaLibrary& personas() const { return *personas_; }

 private:
  ChatReply finish(const InboundMessage& in, const std::string& command, const Persona& persona,
                   ReplyOutcome outcome, MessageType type, MessageData data, bool ephemeral);
  Result<HandlerReply> builtin_help(const ChatRequest& request) const;
  Result<HandlerReply> builtin_persona(const ChatRequest& request);

  ChatSettings settings_;
  const PersonaLibrary* personas_;
  ChatClock clock_;
  AuditSink* audit_;
  RateLimiter limiter_;
  std::map<std::string, CommandHandler, std::less<>> handlers_;
  FollowUpDelivery follow_up_;
  mutable std::mutex persona_mutex_;
  std::map<std::string, std::string, std::less<>> user_personas_;
  std::map<std::string, std::string, std::less<>> channel_personas_;
};

}  // namespace omega::chat
