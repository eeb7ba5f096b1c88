// Provides add_data_commands: the `omega data` subcommands (info, validate, resample, convert).
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `data` and its subcommands on `app`; they report into `ctx`.
void add_data_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
