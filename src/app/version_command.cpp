#include "app/version_command.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>

#include "app/cli_context.hpp"

namespace omega::app {

const char* omega_version() {
  return OMEGA_VERSION;
}

void add_version_command(CLI::App& app, CliContext& ctx) {
  CLI::App* cmd = app.add_subcommand("version", "Print the omega version");
  cmd->callback([&ctx] {
    Document doc;
    doc.fields("version").fields = {{"name", str("omega")}, {"version", str(omega_version())}};
    print_document(stdout, doc, ctx.style());
  });
}

}  // namespace omega::app
