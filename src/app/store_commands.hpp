// Provides add_store_commands: the `omega store` subcommands (migrate, check, export, import,
// trim) for both backends (--store sqlite:PATH or --store redis://...).
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `store` and its subcommands on `app`; they report into `ctx`.
void add_store_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
