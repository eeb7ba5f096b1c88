// Provides add_cosmic_commands: the `omega cosmic` subcommands (now, positions, phases,
// retrogrades, aspects, analyze).
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `cosmic` and its subcommands on `app`; they report into `ctx`.
void add_cosmic_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
