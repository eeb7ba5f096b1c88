#include "core/log_config.hpp"

#include <gtest/gtest.h>

namespace omega {
namespace {

Config logging_section(const std::string& yaml) {
  ConfigOptions options;
  options.apply_env = false;  // hermetic: only the text below
  auto config = Config::parse(yaml, "log.yaml", options);
  EXPECT_TRUE(config.ok()) << config.error().to_string();
  auto section = config.value().section("logging");
  EXPECT_TRUE(section.ok()) << section.error().to_string();
  return section.value();
}

TEST(LogConfig, ReadsEveryOption) {
  const auto options = log_options_from_config(logging_section(
      "logging:\n  level: debug\n  format: json\n  stderr: false\n  file: /tmp/omega.log\n"));
  ASSERT_TRUE(options.ok()) << options.error().to_string();
  EXPECT_EQ(options->level, LogLevel::kDebug);
  EXPECT_EQ(options->format, LogFormat::kJson);
  EXPECT_FALSE(options->to_stderr);
  EXPECT_EQ(options->file, "/tmp/omega.log");
}

TEST(LogConfig, DefaultsWhenEmpty) {
  const auto options = log_options_from_config(logging_section("logging: {}\n"));
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->level, LogLevel::kInfo);
  EXPECT_EQ(options->format, LogFormat::kText);
  EXPECT_TRUE(options->to_stderr);
  EXPECT_TRUE(options->file.empty());
}

TEST(LogConfig, ErrorsNameKeyAndLine) {
  const auto level = log_options_from_config(logging_section("logging:\n  level: loud\n"));
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(
      level.error().message().rfind("log.yaml:2:10: logging.level: unknown log level 'loud'", 0),
      0u)
      << level.error().message();
  const auto format = log_options_from_config(logging_section("logging:\n  format: xml\n"));
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.error().message(),
            "log.yaml:2:11: logging.format: expected text or json, got 'xml'");
  const auto typo = log_options_from_config(logging_section("logging:\n  levle: info\n"));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message().find("log.yaml:2:3: unknown key logging.levle (did you mean "
                                        "level?)"),
            std::string::npos);
}

}  // namespace
}  // namespace omega
