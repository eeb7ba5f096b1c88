#include "core/log.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "core/redact.hpp"

namespace omega {
namespace {

constexpr std::string_view kSecret = "Zq9-very-secret-api-key-7781";

// Collects lines from the callback sink.
struct Captured {
  std::mutex mutex;
  std::vector<std::pair<LogLevel, std::string>> lines;

  LogLineCallback callback() {
    return [this](LogLevel level, std::string_view line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(level, std::string(line));
    };
  }
  std::string joined() {
    std::lock_guard lock(mutex);
    std::string all;
    for (const auto& [level, line] : lines) all += line + "\n";
    return all;
  }
};

std::filesystem::path temp_dir() {
  std::filesystem::path dir = std::filesystem::path(OMEGA_TEST_TMP) / "log_test";
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_registered_secrets();
    register_secret(kSecret);
  }
  void TearDown() override {
    shutdown_logging();
    clear_registered_secrets();
  }

  Captured captured_;
};

void log_every_level_with_secret() {
  log_trace("trace {}", kSecret);
  log_debug("debug {}", kSecret);
  log_info("info {}", kSecret);
  log_warn("warn key={} again {}", kSecret, kSecret);
  log_error("error {}", kSecret);
  log_critical("critical {}", kSecret);
}

TEST_F(LogTest, EveryLevelAndFormatIsRedactedThroughTheCallbackSink) {
  for (const LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    Captured captured;
    ASSERT_TRUE(init_logging({.level = LogLevel::kTrace,
                              .format = format,
                              .to_stderr = false,
                              .callback = captured.callback()})
                    .ok());
    log_every_level_with_secret();
    flush_logs();
    ASSERT_EQ(captured.lines.size(), 6u);
    for (const auto& [level, line] : captured.lines) {
      EXPECT_EQ(line.find(kSecret), std::string::npos) << line;
      EXPECT_NE(line.find("***"), std::string::npos) << line;
    }
    EXPECT_EQ(captured.lines[3].first, LogLevel::kWarn);
    EXPECT_NE(captured.lines[3].second.find("warn key=*** again ***"), std::string::npos);
  }
}

TEST_F(LogTest, SecretsOfManyLengthsNeverReachALine) {
  std::mt19937 rng(7);  // seeded: the same secrets every run
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=_-";
  std::vector<std::string> secrets;
  for (const std::size_t length : {4u, 9u, 24u, 40u, 64u, 88u, 256u}) {
    std::string secret;
    for (std::size_t i = 0; i < length; ++i) {
      secret += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)];
    }
    register_secret(secret);
    secrets.push_back(std::move(secret));
  }
  for (const LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    Captured captured;
    ASSERT_TRUE(init_logging({.level = LogLevel::kTrace,
                              .format = format,
                              .to_stderr = false,
                              .callback = captured.callback()})
                    .ok());
    for (const std::string& secret : secrets) {
      log_debug("one {} two {} url ?k={}", secret, secret, secret);
    }
    const std::string all = captured.joined();
    for (const std::string& secret : secrets) {
      EXPECT_EQ(all.find(secret), std::string::npos) << all;
    }
  }
}

TEST_F(LogTest, LevelFiltersLowerLines) {
  ASSERT_TRUE(
      init_logging({.level = LogLevel::kWarn, .to_stderr = false, .callback = captured_.callback()})
          .ok());
  log_every_level_with_secret();
  EXPECT_EQ(captured_.lines.size(), 3u);
  EXPECT_FALSE(should_log(LogLevel::kInfo));
  set_log_level(LogLevel::kDebug);
  EXPECT_TRUE(should_log(LogLevel::kDebug));
  log_debug("now visible");
  EXPECT_EQ(captured_.lines.size(), 4u);
}

TEST_F(LogTest, SecretSplitAcrossFormatArgumentsIsMasked) {
  ASSERT_TRUE(init_logging({.to_stderr = false, .callback = captured_.callback()}).ok());
  const std::string_view head = kSecret.substr(0, 10);
  const std::string_view tail = kSecret.substr(10);
  log_info("joined {}{} end", head, tail);
  log_info("{}{}{}", kSecret.substr(0, 3), kSecret.substr(3, 4), kSecret.substr(7));
  ASSERT_EQ(captured_.lines.size(), 2u);
  EXPECT_EQ(captured_.joined().find(kSecret), std::string::npos);
  EXPECT_NE(captured_.lines[0].second.find("joined *** end"), std::string::npos);
}

TEST_F(LogTest, PatternsAreMaskedWithoutRegistration) {
  clear_registered_secrets();
  ASSERT_TRUE(
      init_logging(
          {.format = LogFormat::kJson, .to_stderr = false, .callback = captured_.callback()})
          .ok());
  log_info("headers ACCESS-KEY: {} ACCESS-PASSPHRASE: {}", "bgKey123", "bgPass456");
  log_info("{}", R"({"secret":"unregistered-xyz"})");
  const std::string all = captured_.joined();
  for (const char* leaked : {"bgKey123", "bgPass456", "unregistered-xyz"}) {
    EXPECT_EQ(all.find(leaked), std::string::npos) << all;
  }
}

TEST_F(LogTest, JsonLinesEscapeQuotesAndNewlines) {
  ASSERT_TRUE(
      init_logging(
          {.format = LogFormat::kJson, .to_stderr = false, .callback = captured_.callback()})
          .ok());
  log_info("say \"hi\"\nforged line {}", 1);
  ASSERT_EQ(captured_.lines.size(), 1u);
  const std::string& line = captured_.lines[0].second;
  EXPECT_EQ(line.front(), '{');
  EXPECT_EQ(line.back(), '}');
  EXPECT_NE(line.find(R"("level":"info")"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("msg":"say \"hi\"\nforged line 1")"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST_F(LogTest, TextLinesStayOnOneLine) {
  ASSERT_TRUE(init_logging({.to_stderr = false, .callback = captured_.callback()}).ok());
  log_info("first\nsecond");
  ASSERT_EQ(captured_.lines.size(), 1u);
  EXPECT_NE(captured_.lines[0].second.find("first\\nsecond"), std::string::npos);
}

TEST_F(LogTest, FileSinkIsRedactedInBothFormats) {
  for (const LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    const auto path = temp_dir() / (format == LogFormat::kJson ? "redact.json.log" : "redact.log");
    std::filesystem::remove(path);
    ASSERT_TRUE(init_logging({.level = LogLevel::kTrace,
                              .format = format,
                              .to_stderr = false,
                              .file = path.string()})
                    .ok());
    log_every_level_with_secret();
    shutdown_logging();
    const std::string content = read_file(path);
    EXPECT_NE(content.find("critical ***"), std::string::npos) << content;
    EXPECT_EQ(content.find(kSecret), std::string::npos) << content;
    EXPECT_EQ(std::count(content.begin(), content.end(), '\n'), 6);
  }
}

TEST_F(LogTest, StderrSinkIsRedacted) {
  for (const LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    ::testing::internal::CaptureStderr();
    ASSERT_TRUE(init_logging({.level = LogLevel::kTrace, .format = format}).ok());
    log_every_level_with_secret();
    flush_logs();
    shutdown_logging();
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("info ***"), std::string::npos) << err;
    EXPECT_EQ(err.find(kSecret), std::string::npos) << err;
  }
}

TEST_F(LogTest, DirectSpdlogCallsAreRedactedToo) {
  ASSERT_TRUE(init_logging({.to_stderr = false, .callback = captured_.callback()}).ok());
  spdlog::info("direct {}", kSecret);
  spdlog::default_logger()->error("api_key={}", "raw");
  EXPECT_EQ(captured_.lines.size(), 2u);
  EXPECT_EQ(captured_.joined().find(kSecret), std::string::npos);
  EXPECT_EQ(captured_.joined().find("=raw"), std::string::npos);
}

TEST_F(LogTest, BadFilePathIsAnIoError) {
  // A regular file where a directory should be: spdlog cannot create the parent.
  const auto blocker = temp_dir() / "blocker";
  std::ofstream(blocker) << "x";
  const Status status = init_logging({.to_stderr = false, .file = (blocker / "a.log").string()});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kIo);
  EXPECT_NE(status.error().to_string().find("a.log"), std::string::npos);
}

TEST_F(LogTest, ManyThreadsLogWithoutLeaks) {
  ASSERT_TRUE(init_logging({.to_stderr = false, .callback = captured_.callback()}).ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 250; ++i) log_info("thread {} line {} secret {}", t, i, kSecret);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(captured_.lines.size(), 1000u);
  EXPECT_EQ(captured_.joined().find(kSecret), std::string::npos);
}

TEST_F(LogTest, ParsesLevelNames) {
  EXPECT_EQ(parse_log_level("DEBUG").value(), LogLevel::kDebug);
  EXPECT_EQ(parse_log_level("warning").value(), LogLevel::kWarn);
  EXPECT_EQ(parse_log_level("off").value(), LogLevel::kOff);
  EXPECT_FALSE(parse_log_level("loud").ok());
  EXPECT_EQ(to_string(LogLevel::kCritical), "critical");
}

}  // namespace
}  // namespace omega
