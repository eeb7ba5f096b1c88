#include "chat/console/line_reader.hpp"

#include <cstdlib>
#include <istream>
#include <ostream>

// libedit's readline-compatible API stays in this file.
#include <editline/readline.h>

namespace omega::chat {
namespace {

class StreamReader final : public LineReader {
 public:
  StreamReader(std::istream& in, std::ostream& out) : in_(&in), out_(&out) {}
  std::optional<std::string> read_line(const std::string& prompt) override {
    *out_ << prompt << std::flush;
    std::string line;
    if (!std::getline(*in_, line)) return std::nullopt;
    return line;
  }

 private:
  std::istream* in_;
  std::ostream* out_;
};

class EditReader final : public LineReader {
 public:
  explicit EditReader(std::filesystem::path history) : history_(std::move(history)) {
    using_history();
    stifle_history(1000);
    if (!history_.empty()) read_history(history_.c_str());
  }
  ~EditReader() override {
    if (history_.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(history_.parent_path(), ec);
    write_history(history_.c_str());
  }
  EditReader(const EditReader&) = delete;
  EditReader& operator=(const EditReader&) = delete;

  std::optional<std::string> read_line(const std::string& prompt) override {
    char* raw = readline(prompt.c_str());
    if (raw == nullptr) return std::nullopt;
    std::string line(raw);
    std::free(raw);  // NOLINT(cppcoreguidelines-no-malloc): readline's buffer
    return line;
  }
  void remember(const std::string& line) override {
    if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
  }

 private:
  std::filesystem::path history_;
};

}  // namespace

std::unique_ptr<LineReader> make_stream_reader(std::istream& in, std::ostream& out) {
  return std::make_unique<StreamReader>(in, out);
}

std::unique_ptr<LineReader> make_edit_reader(const std::filesystem::path& history_file) {
  return std::make_unique<EditReader>(history_file);
}

}  // namespace omega::chat
