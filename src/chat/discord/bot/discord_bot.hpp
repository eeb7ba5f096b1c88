// Provides DiscordBot: the Discord front end of the chat pipeline. It registers the slash
// commands by bulk overwrite, answers interactions within Discord's 3-second deadline (a reply,
// or a deferral then an edit of @original), keeps private answers ephemeral, puts Confirm/Cancel
// buttons on trade commands, reads `!` prefix commands when the message-content intent is
// granted, delivers answers that come later (a deferred /backtest) as interaction follow-ups or
// channel replies, maps Discord users and roles to chat roles, and delivers notifications to DMs
// with a channel-mention fallback when DMs are closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat/chat_message.hpp"
#include "chat/notification_router.hpp"
#include "chat/role.hpp"
#include "core/config.hpp"
#include "core/result.hpp"

namespace omega::chat {
class ChatPipeline;
}  // namespace omega::chat

namespace omega::chat::discord {

// The `discord` section of the configuration (docs/discord.md).
struct DiscordBotConfig {
  std::string api_base = "https://discord.com/api/v10";
  std::string token;     // a secret: from {secret_env: DISCORD_TOKEN} or {secret_file: …}
  std::string guild_id;  // register commands in this guild (instant); empty = global commands
  bool message_content = false;  // ask for MESSAGE_CONTENT (privileged) to read `!` commands
  std::string prefix = "!";
  std::map<std::string, Role, std::less<>> role_ids;  // Discord role id -> chat role
  std::map<std::string, Role, std::less<>> user_ids;  // Discord user id -> chat role
  std::string notify_channel;  // where a notification goes when a DM is refused (50007)
  // Answer not ready by then: defer (type 5) and edit @original; 0 = always defer.
  std::chrono::milliseconds defer_after{1500};
  std::string ca_file;
  bool use_embeds = true;
  std::uint64_t seed = 1;
  bool manual_time = false;  // tests: the gateway's clock moves only with advance_gateway()

  // Reads the `discord` section; unknown keys, bad role names and a missing token are errors
  // naming the key.
  static Result<DiscordBotConfig> from_config(const Config& config);
};

// What the bot did, for tests and logs.
struct DiscordBotStats {
  std::size_t interactions = 0;
  std::size_t replies = 0;     // type 4
  std::size_t deferrals = 0;   // type 5, then an edit of @original
  std::size_t follow_ups = 0;  // answers that came later (webhook follow-up or channel reply)
  std::size_t autocompletes = 0;
  std::size_t buttons = 0;
  std::size_t prefix_commands = 0;
  std::size_t ignored_messages = 0;  // bots, ourselves, no prefix
  std::size_t failures = 0;          // REST calls that failed
};

// The bot. Thread-safe; runs its own gateway and worker threads.
class DiscordBot : public NotificationSink {
 public:
  DiscordBot(DiscordBotConfig config, ChatPipeline& pipeline, std::vector<std::string> symbols);
  ~DiscordBot() override;
  DiscordBot(const DiscordBot&) = delete;
  DiscordBot& operator=(const DiscordBot&) = delete;

  // Checks the token (GET /users/@me), registers the commands (PUT bulk overwrite), then
  // connects to the gateway. Fails with a clear error for a bad token or a rejected command set.
  Status start();
  // Closes the gateway (1000) and finishes the work in hand; idempotent.
  void stop();
  // Blocks until stop() or a fatal gateway error; returns the fatal error, if any.
  Status wait();

  // Tests with manual time: moves the gateway's clock.
  void advance_gateway(std::chrono::milliseconds by);
  // True once the gateway is READY.
  bool wait_ready(std::chrono::milliseconds timeout);

  // NotificationSink: a DM (POST /users/@me/channels, then the message), or a channel post
  // mentioning the user.
  Status send_direct(std::string_view user, std::string_view text, bool silent) override;
  Status send_channel(std::string_view channel, std::string_view user, std::string_view text,
                      bool silent) override;

  // Returns the chat role of a Discord user with `role_ids` (the highest mapped), or nullopt.
  std::optional<Role> role_for(const std::string& user_id,
                               const std::vector<std::string>& role_ids) const;

  DiscordBotStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::chat::discord
