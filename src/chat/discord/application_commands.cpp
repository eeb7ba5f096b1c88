#include "chat/discord/application_commands.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>
#include <utility>

// simdjson is heavy; it stays in this translation unit (and the other payload parsers).
#include <fmt/format.h>
#include <simdjson.h>

#include "chat/chat_settings.hpp"
#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord {
namespace {

namespace dom = simdjson::dom;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

using Description = std::pair<std::string_view, std::string_view>;

// Returns the description `table` gives `key`, or nullopt.
template <std::size_t N>
std::optional<std::string_view> find_description(const std::array<Description, N>& table,
                                                 std::string_view key) {
  auto it = std::find_if(table.begin(), table.end(),
                         [key](const Description& d) { return d.first == key; });
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// Descriptions of the table's arguments; Discord requires 1-100 characters per option.
constexpr std::array kArgDescriptions = {
    Description{"SYMBOL", "Market symbol, e.g. BTC/USDT"},
    Description{"TF", "Candle timeframe (default 1h)"},
    Description{"BOT", "Bot id"},
    Description{"PERIOD", "Period to report (default all)"},
    Description{"STRATEGY", "Strategy name"},
    Description{"SPEC", "The alert: e.g. BTC/USDT above 70000, or the id to remove"},
    Description{"EVENT", "Event type"},
    Description{"LEVEL", "on, silent or off"},
    Description{"NAME", "Persona name"},
    Description{"TOPIC", "Lesson topic or keywords"},
    Description{"ANSWER", "The number of your answer; empty starts a quiz"},
    Description{"QUANTITY", "Quantity in the base currency"},
    Description{"PRICE", "Limit price; empty for a market order"},
    Description{"ORDER", "Order id"},
};

std::string arg_description(const ArgSpec& arg) {
  if (auto d = find_description(kArgDescriptions, arg.name)) return std::string(*d);
  return "The " + lower(arg.name) + " argument";
}

// Descriptions of subcommands made from an ACTION argument.
constexpr std::array kActionDescriptions = {
    Description{"alerts add", "Add an alert"},
    Description{"alerts list", "List your alerts"},
    Description{"alerts remove", "Remove an alert by id"},
    Description{"persona list", "List the personas"},
    Description{"persona set", "Pick the persona that answers you"},
    Description{"bot start", "Start a bot"},
    Description{"bot stop", "Stop a bot"},
    Description{"bot pause", "Pause a bot"},
};

std::string action_description(const CommandSpec& spec, std::string_view action) {
  const std::string key = std::string(spec.name) + " " + std::string(action);
  if (auto d = find_description(kActionDescriptions, key)) return std::string(*d);
  std::string d = std::string(action) + ": " + std::string(spec.description);
  return d.substr(0, utf8_prefix_for_units(d, 100));
}

bool is_action_command(const CommandSpec& spec) {
  return !spec.args.empty() && spec.args.front().name == "ACTION" &&
         !spec.args.front().choices.empty();
}

CommandOption make_option(const ArgSpec& arg, bool required) {
  CommandOption o;
  o.name = option_name(arg);
  o.description = arg_description(arg);
  o.required = required;
  if (arg.name == "QUANTITY" || arg.name == "PRICE") {
    o.type = OptionType::kNumber;
    o.min_value = 0;
  } else if (arg.name == "ANSWER") {
    o.type = OptionType::kInteger;
    o.min_value = 1;
  }
  if (arg.symbol) {
    o.autocomplete = true;
  } else {
    for (std::string_view c : arg.choices) o.choices.push_back({std::string(c), std::string(c)});
  }
  return o;
}

// Puts required options first, keeping the table's order otherwise (Discord's rule).
void required_first(std::vector<CommandOption>& options) {
  std::stable_partition(options.begin(), options.end(),
                        [](const CommandOption& o) { return o.required; });
}

void write_option(JsonWriter& w, const CommandOption& o) {
  w.begin_object();
  w.key("type").value(static_cast<int>(o.type));
  w.key("name").value(o.name);
  w.key("description").value(o.description);
  if (o.type != OptionType::kSubCommand && o.type != OptionType::kSubCommandGroup) {
    w.key("required").value(o.required);
  }
  if (!o.choices.empty()) {
    w.key("choices").begin_array();
    for (const CommandChoice& c : o.choices) {
      w.begin_object().key("name").value(c.name).key("value").value(c.value).end_object();
    }
    w.end_array();
  }
  if (o.autocomplete) w.key("autocomplete").value(true);
  if (o.min_value) w.key("min_value").value(*o.min_value);
  if (o.max_value) w.key("max_value").value(*o.max_value);
  if (!o.options.empty()) {
    w.key("options").begin_array();
    for (const CommandOption& sub : o.options) write_option(w, sub);
    w.end_array();
  }
  w.end_object();
}

// ---- limit checker ------------------------------------------------------------------------

// True for a CHAT_INPUT name: 1-32 characters of lower-case letters, digits, '-', '_' or '\''.
// Non-ASCII characters are accepted as letters (no Unicode tables here); ASCII upper case is not.
bool valid_name(std::string_view name) {
  const std::size_t n = utf16_length(name);
  if (n < 1 || n > 32) return false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) continue;
    if (!(std::islower(c) != 0 || std::isdigit(c) != 0 || c == '-' || c == '_' || c == '\'')) {
      return false;
    }
  }
  return true;
}

class CommandChecker {
 public:
  std::vector<std::string> run(std::string_view json) {
    dom::parser parser;
    dom::element root;
    if (const auto err = parser.parse(json.data(), json.size()).get(root)) {
      add("", fmt::format("not valid JSON: {}", simdjson::error_message(err)));
      return out_;
    }
    dom::array commands;
    if (root.get_array().get(commands) != simdjson::SUCCESS) {
      add("", "the body must be a JSON array of commands");
      return out_;
    }
    std::set<std::string> names;
    std::size_t chat_input = 0;
    std::size_t i = 0;
    for (dom::element c : commands) {
      const std::string path = fmt::format("[{}]", i++);
      dom::object obj;
      if (c.get_object().get(obj) != simdjson::SUCCESS) {
        add(path, "a command must be an object");
        continue;
      }
      int64_t type = 1;
      if (dom::element t; obj["type"].get(t) == simdjson::SUCCESS) {
        if (t.get_int64().get(type) != simdjson::SUCCESS) add(path + ".type", "must be an integer");
      }
      if (type == 1) ++chat_input;
      chars_ = 0;
      const std::string name = string_field(obj, path, "name", 1, 32);
      if (!name.empty() && type == 1 && !valid_name(name)) {
        add(path + ".name", fmt::format("'{}' must match ^[-_'\\p{{L}}\\p{{N}}]{{1,32}}$ in lower "
                                        "case",
                                        name));
      }
      if (!name.empty() && !names.insert(fmt::format("{}:{}", type, name)).second) {
        add(path + ".name", fmt::format("'{}' is registered twice", name));
      }
      string_field(obj, path, "description", type == 1 ? 1 : 0, 100);
      if (dom::element p; obj["default_member_permissions"].get(p) == simdjson::SUCCESS) {
        std::string_view bits;
        if (!p.is_null() && (p.get_string().get(bits) != simdjson::SUCCESS || bits.empty() ||
                             !std::all_of(bits.begin(), bits.end(),
                                          [](char ch) { return ch >= '0' && ch <= '9'; }))) {
          add(path + ".default_member_permissions", "must be a string of decimal digits or null");
        }
      }
      check_options(obj, path, 0);
      if (chars_ > 8000) {
        add(path, fmt::format("names, descriptions, values and choices hold {} characters; the "
                              "limit is 8000",
                              chars_));
      }
    }
    if (chat_input > 100) {
      add("", fmt::format("{} CHAT_INPUT commands; the limit is 100", chat_input));
    }
    return out_;
  }

 private:
  void add(const std::string& path, const std::string& what) {
    out_.push_back(path.empty() ? what : path + ": " + what);
  }

  // Reads string field `key` and checks its length; counts it toward the 8000 characters.
  std::string string_field(dom::object obj, const std::string& path, std::string_view key,
                           std::size_t min, std::size_t max) {
    const std::string at = path + "." + std::string(key);
    dom::element e;
    if (obj[key].get(e) != simdjson::SUCCESS) {
      if (min > 0) add(at, "is required");
      return "";
    }
    std::string_view s;
    if (e.get_string().get(s) != simdjson::SUCCESS) {
      add(at, "must be a string");
      return "";
    }
    const std::size_t n = utf16_length(s);
    chars_ += n;
    if (n < min || n > max) {
      add(at, fmt::format("has {} characters; allowed {}-{}", n, min, max));
    }
    return std::string(s);
  }

  // Checks the `options` array of a command (depth 0), a group (1) or a subcommand.
  void check_options(dom::object parent, const std::string& path, int parent_type) {
    dom::element e;
    if (parent["options"].get(e) != simdjson::SUCCESS) return;
    dom::array options;
    if (e.get_array().get(options) != simdjson::SUCCESS) {
      add(path + ".options", "must be an array");
      return;
    }
    if (options.size() > 25) {
      add(path + ".options", fmt::format("{} options; the limit is 25", options.size()));
    }
    std::set<std::string> names;
    bool seen_optional = false;
    bool has_sub = false;
    bool has_value = false;
    std::size_t i = 0;
    for (dom::element oe : options) {
      const std::string at = fmt::format("{}.options[{}]", path, i++);
      dom::object o;
      if (oe.get_object().get(o) != simdjson::SUCCESS) {
        add(at, "an option must be an object");
        continue;
      }
      int64_t type = 0;
      if (o["type"].get_int64().get(type) != simdjson::SUCCESS || type < 1 || type > 11) {
        add(at + ".type", "must be an option type 1-11");
        continue;
      }
      const std::string name = string_field(o, at, "name", 1, 32);
      if (!name.empty() && !valid_name(name)) {
        add(at + ".name", fmt::format("'{}' must match ^[-_'\\p{{L}}\\p{{N}}]{{1,32}}$ in lower "
                                      "case",
                                      name));
      }
      if (!name.empty() && !names.insert(name).second) {
        add(at + ".name", fmt::format("'{}' appears twice", name));
      }
      string_field(o, at, "description", 1, 100);
      const bool sub = type == 1 || type == 2;
      (sub ? has_sub : has_value) = true;
      if (parent_type == 2 && type != 1) {
        add(at + ".type", "a subcommand group may only hold subcommands");
      }
      if (parent_type == 1 && sub) {
        add(at + ".type", "a subcommand may not hold subcommands or groups");
      }
      bool required = false;
      if (dom::element r; o["required"].get(r) == simdjson::SUCCESS) {
        if (r.get_bool().get(required) != simdjson::SUCCESS) add(at + ".required", "must be bool");
      }
      if (!sub) {
        if (required && seen_optional) {
          add(at + ".required", "required options must come before optional ones");
        }
        if (!required) seen_optional = true;
      }
      const bool valued = type == 3 || type == 4 || type == 10;
      dom::array choices;
      const bool has_choices = o["choices"].get_array().get(choices) == simdjson::SUCCESS;
      if (has_choices) check_choices(choices, at, type, valued);
      bool autocomplete = false;
      if (dom::element a; o["autocomplete"].get(a) == simdjson::SUCCESS) {
        if (a.get_bool().get(autocomplete) != simdjson::SUCCESS) {
          add(at + ".autocomplete", "must be bool");
        }
      }
      if (autocomplete && !valued) {
        add(at + ".autocomplete", "only STRING, INTEGER and NUMBER options autocomplete");
      }
      if (autocomplete && has_choices && choices.size() > 0) {
        add(at + ".autocomplete", "may not be combined with choices");
      }
      for (const char* k : {"min_value", "max_value"}) {
        dom::element v;
        if (o[k].get(v) != simdjson::SUCCESS) continue;
        if (type != 4 && type != 10) add(at + "." + k, "only INTEGER and NUMBER options have it");
        if (!v.is_number()) add(at + "." + k, "must be a number");
      }
      for (const char* k : {"min_length", "max_length"}) {
        dom::element v;
        if (o[k].get(v) != simdjson::SUCCESS) continue;
        int64_t n = -1;
        if (type != 3) add(at + "." + k, "only STRING options have it");
        if (v.get_int64().get(n) != simdjson::SUCCESS || n < 0 || n > 6000) {
          add(at + "." + k, "must be an integer 0-6000");
        }
      }
      if (sub) {
        check_options(o, at, static_cast<int>(type));
      } else if (o["options"].error() == simdjson::SUCCESS) {
        add(at + ".options", "only subcommands and groups hold options");
      }
    }
    if (has_sub && has_value) {
      add(path + ".options", "subcommands may not be mixed with value options on one level");
    }
  }

  void check_choices(dom::array choices, const std::string& at, int64_t type, bool valued) {
    if (!valued) add(at + ".choices", "only STRING, INTEGER and NUMBER options have choices");
    if (choices.size() > 25) {
      add(at + ".choices", fmt::format("{} choices; the limit is 25", choices.size()));
    }
    std::size_t k = 0;
    for (dom::element ce : choices) {
      const std::string cat = fmt::format("{}.choices[{}]", at, k++);
      dom::object c;
      if (ce.get_object().get(c) != simdjson::SUCCESS) {
        add(cat, "a choice must be an object");
        continue;
      }
      string_field(c, cat, "name", 1, 100);
      dom::element v;
      if (c["value"].get(v) != simdjson::SUCCESS) {
        add(cat + ".value", "is required");
      } else if (type == 3) {
        string_field(c, cat, "value", 0, 100);
      } else if (!v.is_number()) {
        add(cat + ".value", "must be a number for a numeric option");
      }
    }
  }

  std::vector<std::string> out_;
  std::size_t chars_ = 0;
};

// ---- interaction parsing ------------------------------------------------------------------

Error parse_error(std::string_view field, std::string_view what) {
  return Error(ErrorCode::kParse, fmt::format("INTERACTION_CREATE: {} {}", field, what));
}

std::string string_or_empty(dom::element parent, std::string_view key) {
  std::string_view s;
  if (parent[key].get_string().get(s) != simdjson::SUCCESS) return "";
  return std::string(s);
}

// Returns the shortest text that reads back as `v`, without an exponent ("0.0000001").
std::string number_text(double v) {
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

Result<std::string> option_value_text(dom::element v, std::string_view at) {
  switch (v.type()) {
    case dom::element_type::STRING:
      return std::string(v.get_string().value_unsafe());
    case dom::element_type::INT64:
      return std::to_string(v.get_int64().value_unsafe());
    case dom::element_type::UINT64:
      return std::to_string(v.get_uint64().value_unsafe());
    case dom::element_type::DOUBLE:
      return number_text(v.get_double().value_unsafe());
    case dom::element_type::BOOL:
      return std::string(v.get_bool().value_unsafe() ? "true" : "false");
    default:
      return parse_error(at, "must be a string, number or boolean");
  }
}

Status read_options(dom::element parent, const std::string& path, Interaction& out) {
  dom::array options;
  if (parent["options"].get_array().get(options) != simdjson::SUCCESS) return ok_status();
  std::size_t i = 0;
  for (dom::element o : options) {
    const std::string at = fmt::format("{}.options[{}]", path, i++);
    std::string_view name;
    int64_t type = 0;
    if (o["name"].get_string().get(name) != simdjson::SUCCESS) {
      return parse_error(at + ".name", "is missing");
    }
    if (o["type"].get_int64().get(type) != simdjson::SUCCESS || type < 1 || type > 11) {
      return parse_error(at + ".type", "is not an option type");
    }
    if (type == 1 || type == 2) {
      out.subcommands.emplace_back(name);
      OMEGA_TRY(read_options(o, at, out));
      continue;
    }
    InteractionOption opt;
    opt.name = std::string(name);
    opt.type = static_cast<OptionType>(type);
    dom::element v;
    if (o["value"].get(v) != simdjson::SUCCESS) return parse_error(at + ".value", "is missing");
    OMEGA_ASSIGN_OR_RETURN(opt.value, option_value_text(v, at + ".value"));
    bool focused = false;
    if (o["focused"].get_bool().get(focused) == simdjson::SUCCESS) opt.focused = focused;
    out.options.push_back(std::move(opt));
  }
  return ok_status();
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

}  // namespace

std::string option_name(const ArgSpec& arg) {
  if (arg.name == "TF") return "timeframe";
  return lower(arg.name);
}

std::vector<ApplicationCommand> application_commands(std::span<const CommandSpec> table,
                                                     const CommandPayloadOptions& options) {
  std::vector<ApplicationCommand> out;
  out.reserve(table.size());
  for (const CommandSpec& spec : table) {
    ApplicationCommand cmd;
    cmd.name = std::string(spec.name);
    cmd.description = std::string(spec.description);
    const Role role =
        options.settings != nullptr ? options.settings->required_role(spec) : spec.role;
    if (options.hide_admin_commands && role == Role::kAdmin) cmd.default_member_permissions = "0";
    if (is_action_command(spec)) {
      for (std::string_view action : spec.args.front().choices) {
        CommandOption sub;
        sub.type = OptionType::kSubCommand;
        sub.name = std::string(action);
        sub.description = action_description(spec, action);
        if (action != "list") {
          for (std::size_t i = 1; i < spec.args.size(); ++i) {
            sub.options.push_back(make_option(spec.args[i], true));
          }
        }
        cmd.options.push_back(std::move(sub));
      }
    } else {
      for (const ArgSpec& arg : spec.args) cmd.options.push_back(make_option(arg, arg.required));
      required_first(cmd.options);
    }
    out.push_back(std::move(cmd));
  }
  return out;
}

std::string commands_json(std::span<const ApplicationCommand> commands) {
  JsonWriter w;
  w.begin_array();
  for (const ApplicationCommand& c : commands) {
    w.begin_object();
    w.key("name").value(c.name);
    w.key("type").value(1);
    w.key("description").value(c.description);
    if (!c.options.empty()) {
      w.key("options").begin_array();
      for (const CommandOption& o : c.options) write_option(w, o);
      w.end_array();
    }
    if (c.default_member_permissions) {
      w.key("default_member_permissions").value(*c.default_member_permissions);
    }
    w.key("contexts").begin_array();
    for (int ctx : c.contexts) w.value(ctx);
    w.end_array();
    w.key("integration_types").begin_array().value(0).end_array();
    w.end_object();
  }
  w.end_array();
  return std::move(w).take();
}

std::vector<std::string> command_payload_violations(std::string_view json) {
  return CommandChecker().run(json);
}

Result<std::string> bulk_overwrite_body(std::span<const CommandSpec> table,
                                        const CommandPayloadOptions& options) {
  const auto commands = application_commands(table, options);
  std::string body = commands_json(commands);
  const auto problems = command_payload_violations(body);
  if (!problems.empty()) {
    std::string all;
    for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
    return Error(ErrorCode::kValidation, "slash commands break Discord's limits: " + all);
  }
  return body;
}

const InteractionOption* Interaction::focused_option() const {
  for (const InteractionOption& o : options) {
    if (o.focused) return &o;
  }
  return nullptr;
}

const InteractionOption* Interaction::option(std::string_view name) const {
  for (const InteractionOption& o : options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

Result<Interaction> parse_interaction(std::string_view json) {
  dom::parser parser;
  dom::element root;
  if (const auto err = parser.parse(json.data(), json.size()).get(root)) {
    return parse_error("payload",
                       fmt::format("is not valid JSON: {}", simdjson::error_message(err)));
  }
  dom::element d = root;
  if (std::string_view t; root["t"].get_string().get(t) == simdjson::SUCCESS) {
    if (t != "INTERACTION_CREATE") return parse_error("t", fmt::format("is '{}'", t));
    if (root["d"].get(d) != simdjson::SUCCESS) return parse_error("d", "is missing");
  }
  if (!d.is_object()) return parse_error("d", "is not an object");
  Interaction in;
  in.id = string_or_empty(d, "id");
  if (in.id.empty()) return parse_error("id", "is missing");
  in.token = string_or_empty(d, "token");
  if (in.token.empty()) return parse_error("token", "is missing");
  in.application_id = string_or_empty(d, "application_id");
  int64_t type = 0;
  if (d["type"].get_int64().get(type) != simdjson::SUCCESS || type < 1 || type > 5) {
    return parse_error("type", "is missing or not an interaction type 1-5");
  }
  in.type = static_cast<InteractionType>(type);
  in.guild_id = string_or_empty(d, "guild_id");
  in.channel_id = string_or_empty(d, "channel_id");
  if (in.channel_id.empty()) {
    if (dom::element ch; d["channel"].get(ch) == simdjson::SUCCESS) {
      in.channel_id = string_or_empty(ch, "id");
    }
  }
  in.locale = string_or_empty(d, "locale");
  dom::element user;
  if (dom::element member; d["member"].get(member) == simdjson::SUCCESS && member.is_object()) {
    if (member["user"].get(user) != simdjson::SUCCESS) {
      return parse_error("member.user", "is missing");
    }
    if (dom::array roles; member["roles"].get_array().get(roles) == simdjson::SUCCESS) {
      for (dom::element r : roles) {
        std::string_view id;
        if (r.get_string().get(id) != simdjson::SUCCESS) {
          return parse_error("member.roles", "must hold role id strings");
        }
        in.role_ids.emplace_back(id);
      }
    }
    const std::string perms = string_or_empty(member, "permissions");
    if (!perms.empty()) {
      const auto r = std::from_chars(perms.data(), perms.data() + perms.size(), in.permissions);
      if (r.ec != std::errc() || r.ptr != perms.data() + perms.size()) {
        return parse_error("member.permissions", fmt::format("'{}' is not a bitfield", perms));
      }
    }
  } else if (d["user"].get(user) != simdjson::SUCCESS) {
    if (in.type != InteractionType::kPing) return parse_error("member or user", "is missing");
  }
  if (in.type != InteractionType::kPing) {
    in.user_id = string_or_empty(user, "id");
    if (in.user_id.empty()) return parse_error("user.id", "is missing");
    in.username = string_or_empty(user, "username");
  }
  if (dom::element msg; d["message"].get(msg) == simdjson::SUCCESS) {
    in.message_id = string_or_empty(msg, "id");
  }
  dom::element data;
  const bool has_data = d["data"].get(data) == simdjson::SUCCESS && data.is_object();
  switch (in.type) {
    case InteractionType::kApplicationCommand:
    case InteractionType::kAutocomplete:
      if (!has_data) return parse_error("data", "is missing");
      in.command = string_or_empty(data, "name");
      if (in.command.empty()) return parse_error("data.name", "is missing");
      OMEGA_TRY(read_options(data, "data", in));
      break;
    case InteractionType::kMessageComponent:
    case InteractionType::kModalSubmit:
      if (!has_data) return parse_error("data", "is missing");
      in.custom_id = string_or_empty(data, "custom_id");
      if (in.custom_id.empty()) return parse_error("data.custom_id", "is missing");
      if (int64_t ct = 0; data["component_type"].get_int64().get(ct) == simdjson::SUCCESS) {
        in.component_type = static_cast<int>(ct);
      }
      break;
    case InteractionType::kPing:
      break;
  }
  return in;
}

Result<InboundMessage> to_inbound_message(const Interaction& in,
                                          std::span<const CommandSpec> table) {
  if (in.type != InteractionType::kApplicationCommand) {
    return Error(ErrorCode::kInvalidArgument, "only application commands become chat messages");
  }
  const CommandSpec* spec = nullptr;
  for (const CommandSpec& c : table) {
    if (c.name == in.command) spec = &c;
  }
  if (spec == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "unknown command /" + in.command);
  }
  std::string text = "/" + in.command;
  std::size_t first_arg = 0;
  if (is_action_command(*spec)) {
    if (in.subcommands.size() != 1) {
      return Error(ErrorCode::kInvalidArgument, fmt::format("/{} needs one subcommand, got {}",
                                                            in.command, in.subcommands.size()));
    }
    const auto& actions = spec->args.front().choices;
    if (std::find(actions.begin(), actions.end(), in.subcommands.front()) == actions.end()) {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("unknown subcommand /{} {}", in.command, in.subcommands.front()));
    }
    text += " " + in.subcommands.front();
    first_arg = 1;
  } else if (!in.subcommands.empty()) {
    return Error(ErrorCode::kInvalidArgument, "/" + in.command + " has no subcommands");
  }
  for (const InteractionOption& o : in.options) {
    bool known = false;
    for (std::size_t i = first_arg; i < spec->args.size(); ++i) {
      known = known || option_name(spec->args[i]) == o.name;
    }
    if (!known) {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("'{}' is not an option of /{}", o.name, in.command));
    }
  }
  std::string missing;  // an optional argument left out, which later ones cannot skip
  for (std::size_t i = first_arg; i < spec->args.size(); ++i) {
    const ArgSpec& arg = spec->args[i];
    const InteractionOption* o = in.option(option_name(arg));
    if (o == nullptr) {
      if (missing.empty()) missing = option_name(arg);
      continue;
    }
    if (!missing.empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("/{}: give {} too when you give {} (arguments are read in order)",
                               in.command, missing, o->name));
    }
    const bool last = i + 1 == spec->args.size();
    if (o->value.empty() || (has_space(o->value) && !(last && arg.rest))) {
      return Error(ErrorCode::kInvalidArgument, fmt::format("/{}: {} must be one word, got '{}'",
                                                            in.command, o->name, o->value));
    }
    text += " " + o->value;
  }
  InboundMessage msg;
  msg.front_end = "discord";
  msg.user_id = in.user_id;
  msg.channel = in.channel_id;
  msg.text = std::move(text);
  return msg;
}

}  // namespace omega::chat::discord
