// Provides LineReader, where the console's interactive session gets its lines: from a stream
// (scripts, tests) or from libedit (a terminal: line editing, history kept in a file).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace omega::chat {

class LineReader {
 public:
  virtual ~LineReader() = default;
  // Shows `prompt` and returns the next line, or nullopt at the end of input (Ctrl-D).
  virtual std::optional<std::string> read_line(const std::string& prompt) = 0;
  // Remembers a line the user entered (history); a no-op for streams.
  virtual void remember(const std::string& line) { (void)line; }
};

// Reads lines from `in`, writing each prompt to `out`.
std::unique_ptr<LineReader> make_stream_reader(std::istream& in, std::ostream& out);

// Reads lines with libedit (emacs key bindings, up/down through history); the history is loaded
// from `history_file` (when it exists) and saved there, at most 1,000 lines, when the reader is
// destroyed. Only for a terminal on stdin.
std::unique_ptr<LineReader> make_edit_reader(const std::filesystem::path& history_file);

}  // namespace omega::chat
