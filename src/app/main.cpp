// The omega command line: composition only; each command lives in its own file.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "app/backtest_command.hpp"
#include "app/chat_command.hpp"
#include "app/cli_context.hpp"
#include "app/cosmic_commands.hpp"
#include "app/data_commands.hpp"
#include "app/discord_commands.hpp"
#include "app/fib_command.hpp"
#include "app/patterns_command.hpp"
#include "app/run_command.hpp"
#include "app/store_commands.hpp"
#include "app/sweep_command.hpp"
#include "app/ta_command.hpp"
#include "app/version_command.hpp"
#include "core/log.hpp"

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
  std::string log_level = "info";
  std::string log_format = "text";
  app.add_option("--log-level", log_level,
                 "Log level on stderr: trace, debug, info, warn, error, off")
      ->check(
          CLI::IsMember({"trace", "debug", "info", "warn", "warning", "error", "critical", "off"}))
      ->capture_default_str();
  app.add_option("--log-format", log_format, "Log line layout on stderr: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  // Logging starts before any command runs; every sink redacts secrets (docs/logging.md).
  app.parse_complete_callback([&] {
    omega::LogOptions options;
    options.level = omega::parse_log_level(log_level).value_or(omega::LogLevel::kInfo);
    options.format = log_format == "json" ? omega::LogFormat::kJson : omega::LogFormat::kText;
    if (auto status = omega::init_logging(options); !status.ok()) {
      std::fprintf(stderr, "omega: cannot start logging: %s\n", status.error().to_string().c_str());
    }
  });
  omega::app::add_backtest_command(app, ctx);
  omega::app::add_data_commands(app, ctx);
  omega::app::add_chat_command(app, ctx);
  omega::app::add_cosmic_commands(app, ctx);
  omega::app::add_discord_commands(app, ctx);
  omega::app::add_fib_command(app, ctx);
  omega::app::add_patterns_command(app, ctx);
  omega::app::add_run_command(app, ctx);
  omega::app::add_store_commands(app, ctx);
  omega::app::add_sweep_commands(app, ctx);
  omega::app::add_ta_command(app, ctx);
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
