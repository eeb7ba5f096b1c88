// The omega command line: composition only; each command lives in its own file.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/backtest_command.hpp"
#include "app/cli_context.hpp"
#include "app/data_commands.hpp"
#include "app/version_command.hpp"

int main(int argc, char** argv) {
  omega::app::CliContext ctx;
  CLI::App app{"Omega Bot Farm: market data tools and the bot farm"};
  app.name("omega");
  app.require_subcommand(1);
  // Lets global options such as --format follow the subcommand ("omega data info F --format json").
  app.fallthrough();
  app.set_version_flag("--version", omega::app::omega_version());
  app.add_option("--format", ctx.format, "Output format on stdout: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}))
      ->capture_default_str();
  omega::app::add_backtest_command(app, ctx);
  omega::app::add_data_commands(app, ctx);
  omega::app::add_version_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version exit 0; every other parse error is a usage error (2).
    const int rc = app.exit(e);
    return rc == 0 ? omega::app::kExitOk : omega::app::kExitUsage;
  }
  return ctx.exit_code;
}
