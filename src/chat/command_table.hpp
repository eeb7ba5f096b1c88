// Provides the command table: every chat command with the role it needs, its arguments and
// whether this build can answer it, so front ends (console, Discord) register the same set.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "chat/role.hpp"
#include "core/time.hpp"

namespace omega::chat {

// What a command needs besides the pipeline; a front end that has it registers the handler,
// otherwise the command answers "not available" with the reason.
enum class Availability : std::uint8_t {
  kReady,
  kNeedsEngine,  // trade, bot and kill-switch commands: a running farm behind the control stream
  kNeedsStore,   // farm state, alerts, notification settings: the store the farm writes
};

// One positional argument of a command.
struct ArgSpec {
  std::string_view name;  // shown in usage, e.g. "SYMBOL"
  bool required = false;
  std::vector<std::string_view> choices;  // allowed values; empty means any
  bool symbol = false;                    // a market symbol (Discord autocompletes these)
  bool rest = false;                      // takes every remaining word (free text, e.g. a topic)
};

// One command as users type it (/name or !name).
struct CommandSpec {
  std::string_view name;
  std::string_view description;
  Role role = Role::kViewer;
  std::vector<ArgSpec> args;
  Availability availability = Availability::kReady;
  bool private_data = false;        // answered ephemerally on Discord (balances, PnL)
  bool needs_confirmation = false;  // trade commands: `confirm` within 60 s
  Duration cooldown{0};             // per user, between two uses of this command
};

// Returns every command, in help order.
std::span<const CommandSpec> command_table();

// Returns the command called `name` (case-sensitive, lower-case), or null.
const CommandSpec* find_command(std::string_view name);

// Returns the usage line of `spec`'s arguments, e.g. "SYMBOL [TF]".
std::string usage(const CommandSpec& spec);

}  // namespace omega::chat
