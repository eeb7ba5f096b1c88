// Provides add_version_command: `omega version`.
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Returns the version string, e.g. "0.1.0".
const char* omega_version();

// Registers `version` on `app`.
void add_version_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
