// Provides add_fib_command: `omega fib`, swings, Fibonacci levels, confluence zones, the
// alignment of a price and time zones for a candle file.
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `fib` on `app`; it reports into `ctx`.
void add_fib_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
