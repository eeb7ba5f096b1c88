// Provides add_discord_commands: `omega discord` (the Discord front end of the chat) and
// `omega dev fake-discord` (a local fake Discord to try the bot by hand).
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `discord` and `dev fake-discord` on `app`; they report into `ctx`.
void add_discord_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
