// Provides add_ta_command: `omega ta SPEC... --input FILE`, indicator columns aligned with the
// input's timestamps.
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `ta` on `app`; it reports into `ctx`.
void add_ta_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
