// Provides the logging facade: init_logging(LogOptions) and log_trace .. log_critical, which
// format with {fmt} and write through spdlog sinks that mask secrets (see core/redact.hpp).
#pragma once

// fmt/core.h only: the format string is checked at compile time here, the formatting and spdlog
// live in log.cpp, so includers do not pay for spdlog's headers.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/core.h>

#include "core/result.hpp"

namespace omega {

// Severity of a log line, lowest first.
enum class LogLevel : std::uint8_t { kTrace, kDebug, kInfo, kWarn, kError, kCritical, kOff };

// Layout of a log line.
enum class LogFormat : std::uint8_t {
  kText,  // 2026-01-02T03:04:05.123456Z info  [1234] message
  kJson,  // {"ts":"2026-01-02T03:04:05.123456Z","level":"info","thread":1234,"msg":"message"}
};

// Receives each finished, redacted line (without the trailing newline).
using LogLineCallback = std::function<void(LogLevel level, std::string_view line)>;

// Chooses where log lines go and how they look.
struct LogOptions {
  LogLevel level = LogLevel::kInfo;
  LogFormat format = LogFormat::kText;
  bool to_stderr = true;
  // Appends to this file as well when not empty (spdlog creates missing parent directories).
  // A string, not std::filesystem::path, to keep <filesystem> out of every includer.
  std::string file{};
  // Also hands every line to this callback when set (tests, alert forwarding).
  LogLineCallback callback{};
};

// Returns "trace", "debug", "info", "warn", "error", "critical" or "off".
std::string_view to_string(LogLevel level);

// Parses a level name as to_string() prints it ("warning" is accepted too), case-insensitively.
Result<LogLevel> parse_log_level(std::string_view text);

// Replaces the process-wide logger (also spdlog's default logger, so direct spdlog calls are
// redacted too). Every sink is wrapped by the redactor. Thread-safe; fails if the file cannot be
// opened.
Status init_logging(const LogOptions& options);

// Flushes and drops every sink; later log calls are discarded until init_logging runs again.
void shutdown_logging();

// Flushes every sink (call before abort or exit).
void flush_logs();

// Changes the minimum level at run time.
void set_log_level(LogLevel level);

// True when a line of this level would be written; lets callers skip expensive arguments.
bool should_log(LogLevel level);

// Redacts and writes a formatted line. Prefer the log_* templates below.
void vlog(LogLevel level, fmt::string_view format, fmt::format_args args);

// Writes a line at the given level, formatted like fmt::format.
template <typename... Args>
void log_at(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (should_log(level)) vlog(level, format, fmt::make_format_args(args...));
}
template <typename... Args>
void log_trace(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kTrace, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_debug(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kDebug, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_info(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kInfo, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_warn(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kWarn, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_error(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kError, format, std::forward<Args>(args)...);
}
template <typename... Args>
void log_critical(fmt::format_string<Args...> format, Args&&... args) {
  log_at(LogLevel::kCritical, format, std::forward<Args>(args)...);
}

}  // namespace omega
