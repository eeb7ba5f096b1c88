// Provides ConsoleChat: the chat pipeline wired for one machine (bundled personas, lessons and
// market data, users and roles from a YAML file), answering one line at a time or a session.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chat/backtest_handler.hpp"
#include "chat/chat_message.hpp"
#include "chat/console/line_reader.hpp"
#include "chat/control/control_handlers.hpp"
#include "chat/market_data_port.hpp"
#include "chat/rate_limiter.hpp"
#include "core/result.hpp"

namespace omega::chat {

class ChatPipeline;
class NotificationSink;

// What the console talks to besides the bundled data.
struct ConsoleOptions {
  // The farm's store ("sqlite:PATH", "redis://HOST:PORT"): farm commands, the control channel
  // and the audit log; empty = bundled data only (farm commands answer "not available").
  std::string store_url;
  ControlOptions control;
  // Whether answers that come later (control results) are written to the session's output;
  // off for one-shot use, where the process ends after the reply.
  bool follow_ups = true;
  // The consumer group this front end reads the farm's "notifications" stream with (each front
  // end gets every event once), and the channel a notification goes to, mentioning the user,
  // when a direct message is refused (Discord: its notify_channel; the console has none).
  std::string notification_group = "console";
  std::string notification_channel;
  // Builds the /backtest runner over the console's market data; unset = /backtest unavailable.
  std::function<std::unique_ptr<BacktestPort>(MarketDataPort&)> backtest;
};

// The console front end: composition of the pipeline and its handlers over bundled data.
class ConsoleChat {
 public:
  ~ConsoleChat();
  ConsoleChat(ConsoleChat&&) noexcept;
  ConsoleChat& operator=(ConsoleChat&&) noexcept;

  // Loads personas and lessons from `data_dir` and users and roles from `config_path`.
  static Result<ConsoleChat> open(const std::filesystem::path& data_dir,
                                  const std::filesystem::path& config_path, ChatClock clock,
                                  const ConsoleOptions& options = {});

  // Answers one line from `user`; a line without '/' or '!' is read as a command
  // ("help" = "/help"). `persona`, when not empty, is picked for the user first.
  Result<ChatReply> ask(std::string_view user, std::string_view line,
                        std::string_view persona = {});

  // Sets where follow-up answers (control results that arrive later) are written; they are
  // written whole, under a lock, from the thread that finished the work.
  void set_follow_up_output(std::ostream* out);
  // Saves the files replies carry (the /fib chart) into `dir` from now on, each replacing any
  // file of its name atomically, and ends the reply with "chart: PATH". Empty: not saved.
  void save_attachments_to(std::filesystem::path dir);

  // Reads lines from `in` until EOF, "quit" or "exit", writing each reply to `out` after a
  // prompt; returns the number of lines answered.
  std::size_t run(std::string_view user, std::istream& in, std::ostream& out);
  // The same with lines from `reader` (libedit on a terminal). Control results that arrive
  // later and the farm's notifications for `user` are written to `out` as they come.
  std::size_t run(std::string_view user, LineReader& reader, std::ostream& out);

  // Sends the farm's notifications and alerts to `sink` from now on (Discord: direct messages,
  // the channel mention when DMs are closed) instead of this console session, reading the
  // store's "notifications" stream every second; without a store there is nothing to send.
  // `sink` must outlive the chat or the next deliver_notifications_to.
  void deliver_notifications_to(NotificationSink& sink);
  // Stops reading notifications (joins the reader) and sends any later ones to this console
  // session again: call before the sink given above goes away.
  void stop_notifications();

  // Returns the composed pipeline, so other front ends (Discord) answer exactly as the console.
  ChatPipeline& pipeline();
  // Returns the symbols the bundled market data serves (for Discord's autocomplete).
  std::vector<std::string> symbols() const;

 private:
  struct Parts;
  explicit ConsoleChat(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// Maps an outcome to the `omega chat` exit code: 0 answered, 2 rejected input, 1 otherwise.
int exit_code_for(ReplyOutcome outcome);

}  // namespace omega::chat
