// Provides add_chat_command: `omega chat`, the console chat (interactive, or one message with
// --once for scripts), in the voice of a persona.
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `chat` on `app`; it reports into `ctx`.
void add_chat_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
