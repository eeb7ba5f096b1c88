// Tests the console front end: one-line answers with exit codes, a scripted session, and a
// clear error for a broken users file.
#include "chat/console/console_chat.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace omega::chat {
namespace {

ChatClock fixed_clock() {
  return [] { return Timestamp::from_ns(1'713'657'600'000'000'000); };
}

ConsoleChat open_bundled() {
  auto chat = ConsoleChat::open(OMEGA_DATA_DIR, std::string(OMEGA_DATA_DIR) + "/chat/console.yaml",
                                fixed_clock());
  EXPECT_TRUE(chat.ok()) << (chat.ok() ? "" : chat.error().to_string());
  return std::move(chat).value();
}

TEST(ConsoleChat, AnswersOneLineWithAnExitCode) {
  ConsoleChat chat = open_bundled();
  auto r = chat.ask("console", "/fib BTC/USDT 1h", "xyko");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(exit_code_for(r->outcome), 0) << r->text;
  EXPECT_NE(r->text.find("| ratio | price |"), std::string::npos) << r->text;
  r = chat.ask("viewer", "/halt");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(exit_code_for(r->outcome), 1);
  r = chat.ask("console", "/nope");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(exit_code_for(r->outcome), 2);
  r = chat.ask("console", "help");  // no prefix needed in the console
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, ReplyOutcome::kAnswered);
  EXPECT_FALSE(chat.ask("console", "/help", "nobody").ok());
}

TEST(ConsoleChat, RunsAScriptedSession) {
  ConsoleChat chat = open_bundled();
  std::istringstream in("/persona set gemini\n\n/analyze BTC/USDT 4h\nquit\n/help\n");
  std::ostringstream out;
  EXPECT_EQ(chat.run("console", in, out), 2u);
  EXPECT_NE(out.str().find("Bull case"), std::string::npos) << out.str();
}

TEST(ConsoleChat, SavesTheFibChartAndNamesIt) {
  const std::filesystem::path dir = std::filesystem::path(OMEGA_TEST_TMP) / "console_charts";
  std::filesystem::remove_all(dir);
  ConsoleChat chat = open_bundled();
  auto r = chat.ask("console", "/fib BTC/USDT 1h", "xyko");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text.find("chart:"), std::string::npos) << "not saved unless asked";
  ASSERT_EQ(r->attachments.size(), 1U);

  chat.save_attachments_to(dir);
  r = chat.ask("console", "/fib BTC/USDT 4h");
  ASSERT_TRUE(r.ok());
  const std::filesystem::path file = dir / "fib_BTC-USDT_4h.png";
  EXPECT_NE(r->text.find("chart: " + file.string()), std::string::npos) << r->text;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(std::filesystem::file_size(file), r->attachments[0].bytes.size());
  std::ifstream in(file, std::ios::binary);
  std::string head(8, '\0');
  in.read(head.data(), 8);
  EXPECT_EQ(head, std::string("\x89PNG\r\n\x1a\n", 8));
  // Only the chart file, no temporary left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(ConsoleChat, ABrokenUsersFileFailsClearly) {
  const std::string path = std::string(OMEGA_TEST_TMP) + "/bad_console.yaml";
  std::filesystem::create_directories(OMEGA_TEST_TMP);
  std::ofstream(path) << "chat:\n  users:\n    bob: superuser\n";
  auto chat = ConsoleChat::open(OMEGA_DATA_DIR, path, fixed_clock());
  ASSERT_FALSE(chat.ok());
  const std::string e = chat.error().to_string();
  EXPECT_NE(e.find("bad_console.yaml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("chat.users.bob"), std::string::npos) << e;
}

}  // namespace
}  // namespace omega::chat
