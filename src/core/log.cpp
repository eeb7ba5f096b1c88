#include "core/log.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/json_text.hpp"
#include "core/redact.hpp"

namespace omega {
namespace {

constexpr std::string_view kLoggerName = "omega";

// %* in our patterns: the redacted payload, escaped so that one call is always one line (text)
// or one valid JSON string (json). Escaping newlines stops forged log lines.
class EscapedMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  explicit EscapedMessageFlag(bool json) : json_(json) {}

  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (json_) {
      // The same escaping as every other JSON writer (invalid UTF-8 becomes U+FFFD).
      std::string escaped;
      escaped.reserve(payload.size());
      append_json_escaped(escaped, payload);
      append(dest, escaped);
      return;
    }
    constexpr std::string_view kHex = "0123456789abcdef";
    for (const char ch : payload) {
      const auto c = static_cast<unsigned char>(ch);
      if (ch == '\n') {
        append(dest, "\\n");
      } else if (ch == '\r') {
        append(dest, "\\r");
      } else if (c < 0x20 && ch != '\t') {
        append(dest, "\\u00");
        dest.push_back(kHex[c >> 4]);
        dest.push_back(kHex[c & 0xF]);
      } else {
        dest.push_back(ch);
      }
    }
  }

  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessageFlag>(json_);
  }

 private:
  static void append(spdlog::memory_buf_t& dest, std::string_view s) {
    dest.append(s.data(), s.data() + s.size());
  }
  bool json_;
};

std::unique_ptr<spdlog::formatter> make_formatter(LogFormat format) {
  const bool json = format == LogFormat::kJson;
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<EscapedMessageFlag>('*', json);
  if (json) {
    formatter->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","thread":%t,"msg":"%*"})");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%-8l%$ [%t] %*");
  }
  return formatter;
}

// Wraps the real sinks: every message is redacted once, then handed to each of them. It is the
// only sink a logger made here holds, so no line reaches an output unredacted.
class RedactingSink final : public spdlog::sinks::sink {
 public:
  explicit RedactingSink(std::vector<spdlog::sink_ptr> inner) : inner_(std::move(inner)) {}

  void log(const spdlog::details::log_msg& msg) override {
    std::string redacted;
    if (redact_into(std::string_view(msg.payload.data(), msg.payload.size()), redacted)) {
      spdlog::details::log_msg copy = msg;
      copy.payload = spdlog::string_view_t(redacted.data(), redacted.size());
      forward(copy);
    } else {
      forward(msg);
    }
  }
  void flush() override {
    for (const auto& inner : inner_) inner->flush();
  }
  void set_pattern(const std::string& pattern) override {
    for (const auto& inner : inner_) inner->set_pattern(pattern);
  }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    for (const auto& inner : inner_) inner->set_formatter(formatter->clone());
  }

 private:
  void forward(const spdlog::details::log_msg& msg) {
    for (const auto& inner : inner_) {
      if (inner->should_log(msg.level)) inner->log(msg);
    }
  }
  std::vector<spdlog::sink_ptr> inner_;
};

// Hands formatted lines to a user callback; base_sink serialises calls.
class CallbackSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit CallbackSink(LogLineCallback callback) : callback_(std::move(callback)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::string_view view(line.data(), line.size());
    while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
    callback_(from_spdlog(msg.level), view);
  }
  void flush_() override {}

 private:
  static LogLevel from_spdlog(spdlog::level::level_enum level) {
    return static_cast<LogLevel>(static_cast<int>(level));
  }
  LogLineCallback callback_;
};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  // Our enum mirrors spdlog's order: trace, debug, info, warn, err, critical, off.
  return static_cast<spdlog::level::level_enum>(static_cast<int>(level));
}

// The current logger. Readers load it without a lock; init/shutdown publish a new one.
struct State {
  std::atomic<std::shared_ptr<spdlog::logger>> logger;
  std::atomic<int> level{static_cast<int>(LogLevel::kInfo)};
  std::mutex init_mutex;  // serialises init_logging / shutdown_logging
};

std::shared_ptr<spdlog::logger> make_logger(std::vector<spdlog::sink_ptr> sinks, LogLevel level,
                                            LogFormat format) {
  for (const auto& sink : sinks) sink->set_formatter(make_formatter(format));
  auto redacting = std::make_shared<RedactingSink>(std::move(sinks));
  auto logger = std::make_shared<spdlog::logger>(std::string(kLoggerName), std::move(redacting));
  logger->set_level(to_spdlog(level));
  // Warnings and errors reach the file at once: they matter most right before a crash.
  logger->flush_on(spdlog::level::warn);
  return logger;
}

State& state() {
  // Until init_logging runs, lines go to stderr as text at info, still redacted.
  static State* instance = [] {
    auto* s = new State();  // never destroyed: logging must work during static destruction
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    auto logger = make_logger(std::move(sinks), LogLevel::kInfo, LogFormat::kText);
    s->logger.store(logger);
    spdlog::set_default_logger(std::move(logger));
    return s;
  }();
  return *instance;
}

// Installs the redacting logger at start-up whenever this file is linked, so that direct spdlog
// calls (core/assert.cpp, third-party code) are redacted even before init_logging runs.
[[maybe_unused]] const bool kInstalledAtStartup = (state(), true);

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kCritical:
      return "critical";
    case LogLevel::kOff:
      return "off";
  }
  return "unknown";
}

Result<LogLevel> parse_log_level(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (lower == "warning") return LogLevel::kWarn;
  for (int i = 0; i <= static_cast<int>(LogLevel::kOff); ++i) {
    const auto level = static_cast<LogLevel>(i);
    if (lower == to_string(level)) return level;
  }
  return Error(ErrorCode::kParse,
               fmt::format("unknown log level '{}' (expected trace, debug, info, warn, error, "
                           "critical or off)",
                           text));
}

Status init_logging(const LogOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  try {
    if (options.to_stderr) {
      if (options.format == LogFormat::kJson) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
      } else {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
      }
    }
    if (!options.file.empty()) {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, false));
    }
  } catch (const spdlog::spdlog_ex& e) {
    return Error(ErrorCode::kIo, e.what())
        .with_context(fmt::format("opening log file {}", options.file));
  }
  if (options.callback) sinks.push_back(std::make_shared<CallbackSink>(options.callback));

  auto logger = make_logger(std::move(sinks), options.level, options.format);
  State& s = state();
  std::lock_guard lock(s.init_mutex);
  if (auto old = s.logger.load(); old) old->flush();
  s.level.store(static_cast<int>(options.level));
  s.logger.store(logger);
  spdlog::set_default_logger(std::move(logger));
  return ok_status();
}

void shutdown_logging() {
  State& s = state();
  std::lock_guard lock(s.init_mutex);
  if (auto old = s.logger.load(); old) old->flush();
  s.logger.store(nullptr);
  s.level.store(static_cast<int>(LogLevel::kOff));
  // spdlog's default must stay non-null for direct spdlog calls; a logger without sinks drops all.
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>(std::string(kLoggerName), spdlog::sinks_init_list{}));
}

void flush_logs() {
  if (auto logger = state().logger.load(); logger) logger->flush();
}

void set_log_level(LogLevel level) {
  State& s = state();
  s.level.store(static_cast<int>(level));
  if (auto logger = s.logger.load(); logger) logger->set_level(to_spdlog(level));
}

bool should_log(LogLevel level) {
  return level != LogLevel::kOff &&
         static_cast<int>(level) >= state().level.load(std::memory_order_relaxed);
}

void vlog(LogLevel level, fmt::string_view format, fmt::format_args args) {
  const std::shared_ptr<spdlog::logger> logger = state().logger.load();
  if (!logger) return;
  fmt::memory_buffer buffer;
  try {
    fmt::vformat_to(fmt::appender(buffer), format, args);
  } catch (const fmt::format_error& e) {
    // Format strings are checked at compile time; a runtime error means a custom formatter threw.
    buffer.clear();
    fmt::format_to(fmt::appender(buffer), "log formatting failed: {}", e.what());
  }
  logger->log(to_spdlog(level), spdlog::string_view_t(buffer.data(), buffer.size()));
}

}  // namespace omega
