// Provides ConsoleChat: the chat pipeline wired for one machine (bundled personas, lessons and
// market data, users and roles from a YAML file), answering one line at a time or a session.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chat/chat_message.hpp"
#include "chat/rate_limiter.hpp"
#include "core/result.hpp"

namespace omega::chat {

class ChatPipeline;

// The console front end: composition of the pipeline and its handlers over bundled data.
class ConsoleChat {
 public:
  ~ConsoleChat();
  ConsoleChat(ConsoleChat&&) noexcept;
  ConsoleChat& operator=(ConsoleChat&&) noexcept;

  // Loads personas and lessons from `data_dir` and users and roles from `config_path`.
  static Result<ConsoleChat> open(const std::filesystem::path& data_dir,
                                  const std::filesystem::path& config_path, ChatClock clock);

  // Answers one line from `user`; a line without '/' or '!' is read as a command
  // ("help" = "/help"). `persona`, when not empty, is picked for the user first.
  Result<ChatReply> ask(std::string_view user, std::string_view line,
                        std::string_view persona = {});

  // Saves the files replies carry (the /fib chart) into `dir` from now on, each replacing any
  // file of its name atomically, and ends the reply with "chart: PATH". Empty: not saved.
  void save_attachments_to(std::filesystem::path dir);

  // Reads lines from `in` until EOF, "quit" or "exit", writing each reply to `out` after a
  // prompt; returns the number of lines answered.
  std::size_t run(std::string_view user, std::istream& in, std::ostream& out);

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
