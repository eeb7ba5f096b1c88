// Provides the slash-command side of the Discord front end: the application commands generated
// from the chat command table (the bulk-overwrite body), a checker of Discord's command limits,
// and the parser of INTERACTION_CREATE into the pipeline's normalised message.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_message.hpp"
#include "chat/command_table.hpp"
#include "core/result.hpp"

namespace omega::chat {
struct ChatSettings;
}  // namespace omega::chat

namespace omega::chat::discord {

// Discord's application command option types.
enum class OptionType : std::uint8_t {
  kSubCommand = 1,
  kSubCommandGroup = 2,
  kString = 3,
  kInteger = 4,
  kBoolean = 5,
  kUser = 6,
  kChannel = 7,
  kRole = 8,
  kMentionable = 9,
  kNumber = 10,
  kAttachment = 11,
};

// One fixed value of an option.
struct CommandChoice {
  std::string name;
  std::string value;
};

// One option of a command; subcommands carry their own options.
struct CommandOption {
  OptionType type = OptionType::kString;
  std::string name;
  std::string description;
  bool required = false;
  std::vector<CommandChoice> choices;
  bool autocomplete = false;
  std::optional<std::int64_t> min_value;  // INTEGER and NUMBER only
  std::optional<std::int64_t> max_value;
  std::vector<CommandOption> options;  // SUB_COMMAND / SUB_COMMAND_GROUP only
};

// One CHAT_INPUT application command.
struct ApplicationCommand {
  std::string name;
  std::string description;
  std::vector<CommandOption> options;
  std::optional<std::string> default_member_permissions;  // a UI hint only, "0" = admins
  std::vector<int> contexts = {0, 1};                     // guild and bot DM
};

// How the commands are generated.
struct CommandPayloadOptions {
  // Overrides of the roles commands need (ChatSettings::command_roles); null = the table's.
  const ChatSettings* settings = nullptr;
  // Hide admin commands from members without Discord's ADMINISTRATOR permission (a hint: the
  // pipeline authorises every use again).
  bool hide_admin_commands = true;
};

// Returns the option name of a table argument: its name in lower case, "TF" -> "timeframe".
std::string option_name(const ArgSpec& arg);

// Returns the application commands of `table`: one per command; a first argument ACTION with
// fixed values becomes one subcommand per value ("list" takes no further argument, every other
// action requires the remaining ones); values with fixed choices become choices, symbols
// autocomplete, QUANTITY and PRICE are NUMBER (min 0), ANSWER is INTEGER (min 1); required
// options come first.
std::vector<ApplicationCommand> application_commands(std::span<const CommandSpec> table,
                                                     const CommandPayloadOptions& options = {});

// Returns the JSON array for PUT /applications/{id}/commands (or the guild route).
std::string commands_json(std::span<const ApplicationCommand> commands);

// Returns every way the JSON array of commands `json` breaks Discord's limits (names, lengths,
// counts, option types and nesting, required first, choices, autocomplete, 8000 characters per
// command), one message per problem naming its path; empty when the payload is valid.
std::vector<std::string> command_payload_violations(std::string_view json);

// Returns the bulk-overwrite body for `table`, or a kValidation error listing the violations
// (a table Discord would reject is never sent).
Result<std::string> bulk_overwrite_body(std::span<const CommandSpec> table,
                                        const CommandPayloadOptions& options = {});

// Discord's interaction types.
enum class InteractionType : std::uint8_t {
  kPing = 1,
  kApplicationCommand = 2,
  kMessageComponent = 3,
  kAutocomplete = 4,
  kModalSubmit = 5,
};

// One leaf option as received: numbers keep the exact text Discord sent.
struct InteractionOption {
  std::string name;
  std::string value;
  OptionType type = OptionType::kString;
  bool focused = false;
};

// An INTERACTION_CREATE, normalised: who, where, and what.
struct Interaction {
  std::string id;
  std::string application_id;
  std::string token;  // the continuation token: a credential, never log it
  InteractionType type = InteractionType::kApplicationCommand;
  std::string guild_id;  // "" in a DM
  std::string channel_id;
  std::string user_id;
  std::string username;
  std::vector<std::string> role_ids;  // the member's roles (guild only)
  std::uint64_t permissions = 0;      // the member's permissions in the channel (guild only)
  std::string locale;
  // Application command and autocomplete.
  std::string command;                   // "alerts"
  std::vector<std::string> subcommands;  // {"add"}: group then subcommand
  std::vector<InteractionOption> options;
  // Message component.
  std::string custom_id;
  int component_type = 0;
  std::string message_id;  // the message the component is on

  // Returns the option being typed (autocomplete), or null.
  const InteractionOption* focused_option() const;
  // Returns the option called `name`, or null.
  const InteractionOption* option(std::string_view name) const;
};

// Parses an INTERACTION_CREATE dispatch (the gateway envelope or its `d` object); unknown fields
// are ignored, a missing id, token, type or user is a kParse error naming the field.
Result<Interaction> parse_interaction(std::string_view json);

// Returns the pipeline's message for an application command: front end "discord", the user id,
// the channel id, and the text "/command [subcommand] args…" with arguments in the table's
// order. Fails (kInvalidArgument, naming the option) for a command or option the table does not
// have, a value with spaces that is not the last argument, or an optional argument left out
// before a given one (the pipeline reads arguments by position).
Result<InboundMessage> to_inbound_message(const Interaction& interaction,
                                          std::span<const CommandSpec> table = command_table());

}  // namespace omega::chat::discord
