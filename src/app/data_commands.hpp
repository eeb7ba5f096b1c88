// Provides add_data_commands: the `omega data` subcommands (info, validate, resample, convert).
#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `data` and its subcommands on `app`; they report into `ctx`.
void add_data_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
