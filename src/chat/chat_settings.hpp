// Provides ChatSettings: who may use the chat with which role, rate limits, cooldowns and the
// default persona, read from the `chat` section of a configuration.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "chat/command_table.hpp"
#include "chat/role.hpp"
#include "core/config.hpp"
#include "core/result.hpp"

namespace omega::chat {

// The chat's access and pacing rules.
struct ChatSettings {
  std::string default_persona = "base";
  std::size_t max_input_bytes = 512;
  std::size_t max_commands_per_window = 20;  // per user
  Duration window = std::chrono::seconds(60);
  std::map<std::string, Role, std::less<>> users;          // user id -> role
  std::map<std::string, Role, std::less<>> command_roles;  // overrides of the table's roles
  std::map<std::string, Duration, std::less<>> cooldowns;  // overrides of the table's cooldowns

  // Reads the `chat` section (see docs/chat.md); unknown keys, roles and commands are errors.
  static Result<ChatSettings> from_config(const Config& config);

  // Returns the role `user_id` has, or kPermissionDenied for an unknown user.
  Result<Role> role_of(std::string_view user_id) const;
  // Returns the role a command needs after overrides.
  Role required_role(const CommandSpec& spec) const;
  // Returns the per-user cooldown of a command after overrides.
  Duration cooldown(const CommandSpec& spec) const;
};

}  // namespace omega::chat
