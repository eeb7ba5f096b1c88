#include "app/chat_command.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "app/chat_backtest.hpp"
#include "app/cli_context.hpp"
#include "chat/console/console_chat.hpp"
#include "store/store_options.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;

struct Flags {
  std::string once;
  std::string user = "console";
  std::string persona;
  std::string config;
  std::string data_dir;
  std::string store;
  double wait_s = 10;
  std::string charts;  // where chart attachments are saved; empty: not saved
};

// The data directory: --data-dir, else $OMEGA_DATA_DIR, else the source tree's data/.
fs::path data_dir(const Flags& f) {
  if (!f.data_dir.empty()) return f.data_dir;
  if (const char* env = std::getenv("OMEGA_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return OMEGA_DATA_DIR;
}

Timestamp wall_clock() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return Timestamp::from_ns(static_cast<std::int64_t>(ns));
}

void run(const Flags& f, CliContext& ctx) {
  const fs::path data = data_dir(f);
  const fs::path config = f.config.empty() ? data / "chat" / "console.yaml" : fs::path(f.config);
  if (!f.store.empty()) {
    if (auto parsed = store::parse_store_url(f.store); !parsed.ok()) {
      fmt::print(stderr, "omega: error: --store: {}\n", parsed.error().message());
      ctx.exit_code = kExitUsage;
      return;
    }
  }
  chat::ConsoleOptions options;
  options.store_url = f.store;
  options.follow_ups = f.once.empty();
  // --once waits for a control result up to --wait; the prompt answers at once and shows the
  // result when it arrives.
  options.control.answer_within = std::chrono::milliseconds(
      f.once.empty() ? 1000 : static_cast<std::int64_t>(f.wait_s * 1000.0));
  options.backtest = [](chat::MarketDataPort& market) -> std::unique_ptr<chat::BacktestPort> {
    return std::make_unique<ChatBacktest>(market, state_dir());
  };
  auto chat = chat::ConsoleChat::open(data, config, wall_clock, options);
  if (!chat.ok()) {
    fmt::print(stderr, "omega: error: {}\n", chat.error().to_string());
    ctx.exit_code = kExitFailure;
    return;
  }
  if (!f.charts.empty()) chat->save_attachments_to(f.charts);
  if (!f.once.empty()) {
    auto reply = chat->ask(f.user, f.once, f.persona);
    if (!reply.ok()) {
      fmt::print(stderr, "omega: error: {}\n", reply.error().to_string());
      ctx.exit_code = kExitUsage;
      return;
    }
    fmt::print("{}\n", reply->text);
    if (reply->outcome != chat::ReplyOutcome::kAnswered) {
      fmt::print(stderr, "omega: chat: {}\n", chat::to_string(reply->outcome));
    }
    ctx.exit_code = chat::exit_code_for(reply->outcome);
    return;
  }
  if (!f.persona.empty()) {
    if (auto r = chat->ask(f.user, "/persona set " + f.persona);
        !r.ok() || r->outcome != chat::ReplyOutcome::kAnswered) {
      fmt::print(stderr, "omega: error: cannot use persona '{}'\n", f.persona);
      ctx.exit_code = kExitUsage;
      return;
    }
  }
  if (::isatty(STDIN_FILENO) == 1) {
    // A terminal: line editing and history (kept in the state directory).
    auto reader = chat::make_edit_reader(state_dir() / "chat_history");
    chat->run(f.user, *reader, std::cout);
  } else {
    chat->run(f.user, std::cin, std::cout);
  }
}

}  // namespace

void add_chat_command(CLI::App& app, CliContext& ctx) {
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "chat", "Talk to the farm: an interactive prompt, or one message with --once");
  cmd->add_option("--once", flags->once,
                  "Answer one message and exit: 0 answered, 1 denied/failed, 2 bad input");
  cmd->add_option("--user", flags->user, "Console user (roles come from --config)")
      ->capture_default_str();
  cmd->add_option("--persona", flags->persona, "Persona: base, xyko, f, biel, z, gemini");
  cmd->add_option("--config", flags->config,
                  "Users and roles YAML (default: DATA_DIR/chat/console.yaml)");
  cmd->add_option("--store", flags->store,
                  "The farm's store (sqlite:PATH or redis://HOST:PORT): farm commands and control");
  cmd->add_option("--wait", flags->wait_s,
                  "With --once: seconds to wait for the farm's answer to a control command")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  cmd->add_option(
      "--data-dir", flags->data_dir,
      "Personas, lessons and market data (default: $OMEGA_DATA_DIR or the bundled data)");
  cmd->add_option("--charts", flags->charts,
                  "Save chart images replies carry (/fib) into this directory; the reply names "
                  "the file");
  cmd->callback([flags, &ctx] { run(*flags, ctx); });
}

}  // namespace omega::app
