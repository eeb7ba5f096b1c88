// Provides add_sweep_commands: `omega sweep` (a parameter grid or a seeded random sample of it,
// backtested on all cores, results sorted by a metric) and `omega walkforward` (rolling or
// anchored in-sample optimisation with out-of-sample evaluation).
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `sweep` and `walkforward` on `app`; they report into `ctx`.
void add_sweep_commands(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
