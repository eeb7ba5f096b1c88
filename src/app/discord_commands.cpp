#include "app/discord_commands.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pthread.h>

#include "app/chat_backtest.hpp"
#include "app/cli_context.hpp"
#include "chat/console/console_chat.hpp"
#include "chat/discord/bot/discord_bot.hpp"
#include "chat/discord/fake/fake_discord.hpp"
#include "core/config.hpp"
#include "store/store_options.hpp"

namespace omega::app {
namespace {

namespace fs = std::filesystem;

struct BotFlags {
  std::string config;
  std::string data_dir;
  std::string store;  // the farm's store: farm commands, control, notifications
};

struct FakeFlags {
  int port = 0;
  int resume_port = 0;
  std::string token = "fake-bot-token";
  std::int64_t heartbeat_ms = 41250;
  std::string tls_cert;  // PEM certificate (chain): serve https:// and wss:// with it
  std::string tls_key;
};

fs::path data_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("OMEGA_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return OMEGA_DATA_DIR;
}

Timestamp wall_clock() {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return Timestamp::from_ns(static_cast<std::int64_t>(ns));
}

// Blocks SIGINT and SIGTERM in every thread started after this call; wait_signal() takes them.
void block_signals(sigset_t& set) {
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void run_bot(const BotFlags& f, CliContext& ctx) {
  auto fail = [&ctx](const std::string& message, int code = kExitFailure) {
    fmt::print(stderr, "omega: error: {}\n", message);
    ctx.exit_code = code;
  };
  if (!f.store.empty()) {
    if (auto parsed = store::parse_store_url(f.store); !parsed.ok()) {
      return fail("--store: " + parsed.error().message(), kExitUsage);
    }
  }
  auto config = Config::load_file(f.config);
  if (!config.ok()) return fail(config.error().to_string(), kExitUsage);
  auto bot_config = chat::discord::DiscordBotConfig::from_config(*config);
  if (!bot_config.ok()) return fail(bot_config.error().to_string(), kExitUsage);
  chat::ConsoleOptions options;
  options.store_url = f.store;
  // Answers that come later go to Discord (the bot sets the delivery), not to a terminal.
  options.follow_ups = false;
  options.backtest = [](chat::MarketDataPort& market) -> std::unique_ptr<chat::BacktestPort> {
    return std::make_unique<ChatBacktest>(market, state_dir());
  };
  options.notification_group = "discord";
  options.notification_channel = bot_config->notify_channel;
  auto chat = chat::ConsoleChat::open(data_dir(f.data_dir), f.config, wall_clock, options);
  if (!chat.ok()) return fail(chat.error().to_string(), kExitUsage);

  sigset_t signals;
  block_signals(signals);
  // SIGUSR1 is the private wake-up of the signal thread when the bot stops by itself.
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  chat::discord::DiscordBot bot(*std::move(bot_config), chat->pipeline(), chat->symbols());
  if (auto started = bot.start(); !started.ok()) return fail(started.error().to_string());
  chat->deliver_notifications_to(bot);  // the farm's notifications become DMs
  fmt::print(stderr, "omega discord: connected; SIGTERM or Ctrl-C stops\n");
  std::thread waiter([&bot, signals]() mutable {
    int sig = 0;
    sigwait(&signals, &sig);
    bot.stop();
  });
  const Status result = bot.wait();
  // Wake the signal thread if the bot stopped by itself (a fatal gateway close).
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  bot.stop();
  chat->stop_notifications();  // before the bot, their sink, goes
  if (!result.ok()) return fail(result.error().to_string());
  fmt::print(stderr, "omega discord: stopped\n");
}

void run_fake(const FakeFlags& f, CliContext& ctx) {
  if (f.port < 0 || f.port > 65535 || f.resume_port < 0 || f.resume_port > 65535) {
    fmt::print(stderr, "omega: error: --port and --resume-port must be 0-65535\n");
    ctx.exit_code = kExitUsage;
    return;
  }
  if (f.tls_cert.empty() != f.tls_key.empty()) {
    fmt::print(stderr, "omega: error: --tls-cert and --tls-key go together\n");
    ctx.exit_code = kExitUsage;
    return;
  }
  sigset_t signals;
  block_signals(signals);
  chat::discord::fake::FakeDiscordConfig config;
  config.tls_cert_file = f.tls_cert;
  config.tls_key_file = f.tls_key;
  config.port = static_cast<std::uint16_t>(f.port);
  config.resume_port = static_cast<std::uint16_t>(f.resume_port);
  config.token = f.token;
  config.heartbeat_interval_ms = f.heartbeat_ms;
  std::unique_ptr<chat::discord::fake::FakeDiscord> started;
  try {
    started = std::make_unique<chat::discord::fake::FakeDiscord>(config);
  } catch (const std::exception& e) {  // a port in use, an unreadable certificate or key
    fmt::print(stderr, "omega: error: {}\n", e.what());
    ctx.exit_code = kExitUsage;
    return;
  }
  const auto& fake = *started;
  const std::string api = fake.api_base();
  fmt::print(
      "fake discord listening\n  api_base: {}\n  gateway: {}\n  resume port: {}\n"
      "  token: {}\n  control: POST {}/_fake/inject_slash {{\"command\":\"help\"}}\n",
      api, fake.gateway_url(), fake.resume_port(), config.token,
      api.substr(0, api.size() - std::string_view("/api/v10").size()));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  fmt::print(stderr, "fake discord: stopping\n");
}

}  // namespace

void add_discord_commands(CLI::App& app, CliContext& ctx) {
  auto bot = std::make_shared<BotFlags>();
  CLI::App* cmd = app.add_subcommand(
      "discord", "Run the Discord front end of the chat (token from DISCORD_TOKEN or the config)");
  cmd->add_option("--config", bot->config, "YAML with `discord` and `chat` sections")->required();
  cmd->add_option("--data-dir", bot->data_dir,
                  "Personas, lessons and market data (default: $OMEGA_DATA_DIR or bundled)");
  cmd->add_option("--store", bot->store,
                  "The farm's store (sqlite:PATH or redis://HOST:PORT): farm commands, the "
                  "control channel, notifications as DMs; without it they answer 'not available'");
  cmd->callback([bot, &ctx] { run_bot(*bot, ctx); });

  CLI::App* dev = nullptr;
  for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; })) {
    if (s->get_name() == "dev") dev = s;
  }
  if (dev == nullptr) {
    dev = app.add_subcommand("dev", "Developer tools: local fake servers");
    dev->require_subcommand(1);
  }
  auto fake = std::make_shared<FakeFlags>();
  CLI::App* f = dev->add_subcommand(
      "fake-discord", "A local fake Discord (gateway + REST + /_fake control API) on loopback");
  f->add_option("--port", fake->port, "REST and gateway port (0 = any free port)")
      ->capture_default_str();
  f->add_option("--resume-port", fake->resume_port, "resume_gateway_url port (0 = any)")
      ->capture_default_str();
  f->add_option("--token", fake->token, "The bot token the fake accepts")->capture_default_str();
  f->add_option("--heartbeat-ms", fake->heartbeat_ms, "Heartbeat interval sent in Hello")
      ->capture_default_str();
  f->add_option("--tls-cert", fake->tls_cert,
                "PEM certificate (chain) for localhost: serve https:// and wss:// only");
  f->add_option("--tls-key", fake->tls_key, "PEM private key of --tls-cert");
  f->callback([fake, &ctx] { run_fake(*fake, ctx); });
}

}  // namespace omega::app
