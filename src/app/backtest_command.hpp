// Provides add_backtest_command: `omega backtest`, a bot replayed over a candle file.
#pragma once

// Forward declaration keeps CLI11 out of headers; the name is CLI11's, not ours.
namespace CLI {  // NOLINT(readability-identifier-naming)
class App;
}  // namespace CLI

namespace omega::app {

struct CliContext;

// Registers `backtest` on `app`; it reports into `ctx`.
void add_backtest_command(CLI::App& app, CliContext& ctx);

}  // namespace omega::app
