// Provides add_run_command: `omega run --config FILE`, paper mode (docs/paper-mode.md).
#pragma once

#include "app/cli_context.hpp"

namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

// Registers `omega run`.
void add_run_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
