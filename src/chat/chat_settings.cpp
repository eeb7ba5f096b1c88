#include "chat/chat_settings.hpp"

namespace omega::chat {

Result<ChatSettings> ChatSettings::from_config(const Config& config) {
  ChatSettings s;
  if (!config.has("chat")) return s;
  OMEGA_ASSIGN_OR_RETURN(const Config chat, config.section("chat"));
  OMEGA_TRY(chat.check_keys(
      {"default_persona", "max_input_bytes", "rate_limit", "users", "commands", "cooldowns"}));
  OMEGA_ASSIGN_OR_RETURN(s.default_persona,
                         config.get_or<std::string>("chat.default_persona", s.default_persona));
  OMEGA_ASSIGN_OR_RETURN(const std::int64_t max_bytes,
                         config.get_or<std::int64_t>("chat.max_input_bytes", 512));
  if (max_bytes < 16 || max_bytes > 65536) {
    return config.invalid("chat.max_input_bytes", "must be between 16 and 65536");
  }
  s.max_input_bytes = static_cast<std::size_t>(max_bytes);
  if (config.has("chat.rate_limit")) {
    OMEGA_ASSIGN_OR_RETURN(const Config rl, config.section("chat.rate_limit"));
    OMEGA_TRY(rl.check_keys({"max_commands", "window"}));
    OMEGA_ASSIGN_OR_RETURN(const std::int64_t n,
                           config.get_or<std::int64_t>("chat.rate_limit.max_commands", 20));
    if (n < 1) return config.invalid("chat.rate_limit.max_commands", "must be at least 1");
    s.max_commands_per_window = static_cast<std::size_t>(n);
    OMEGA_ASSIGN_OR_RETURN(s.window, config.get_or<Duration>("chat.rate_limit.window", s.window));
    if (s.window <= Duration::zero()) {
      return config.invalid("chat.rate_limit.window", "must be positive");
    }
  }
  if (config.has("chat.users")) {
    OMEGA_ASSIGN_OR_RETURN(const Config users, config.section("chat.users"));
    for (const std::string& id : users.keys()) {
      const std::string path = "chat.users." + id;
      OMEGA_ASSIGN_OR_RETURN(const std::string text, config.get<std::string>(path));
      auto role = parse_role(text);
      if (!role.ok()) return config.invalid(path, role.error().message());
      s.users[id] = *role;
    }
  }
  if (config.has("chat.commands")) {
    OMEGA_ASSIGN_OR_RETURN(const Config cmds, config.section("chat.commands"));
    for (const std::string& name : cmds.keys()) {
      const std::string path = "chat.commands." + name;
      if (find_command(name) == nullptr) return config.invalid(path, "no such command");
      OMEGA_ASSIGN_OR_RETURN(const std::string text, config.get<std::string>(path));
      auto role = parse_role(text);
      if (!role.ok()) return config.invalid(path, role.error().message());
      s.command_roles[name] = *role;
    }
  }
  if (config.has("chat.cooldowns")) {
    OMEGA_ASSIGN_OR_RETURN(const Config cds, config.section("chat.cooldowns"));
    for (const std::string& name : cds.keys()) {
      const std::string path = "chat.cooldowns." + name;
      if (find_command(name) == nullptr) return config.invalid(path, "no such command");
      OMEGA_ASSIGN_OR_RETURN(s.cooldowns[name], config.get<Duration>(path));
    }
  }
  return s;
}

Result<Role> ChatSettings::role_of(std::string_view user_id) const {
  auto it = users.find(user_id);
  if (it == users.end()) {
    return Error(ErrorCode::kPermissionDenied,
                 "user '" + std::string(user_id) + "' is not in the chat configuration");
  }
  return it->second;
}

Role ChatSettings::required_role(const CommandSpec& spec) const {
  auto it = command_roles.find(spec.name);
  return it == command_roles.end() ? spec.role : it->second;
}

Duration ChatSettings::cooldown(const CommandSpec& spec) const {
  auto it = cooldowns.find(spec.name);
  return it == cooldowns.end() ? spec.cooldown : it->second;
}

}  // namespace omega::chat
