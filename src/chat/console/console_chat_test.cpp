// Tests the console front end: one-line answers with exit codes, a scripted session, and a
// clear error for a broken users file.
#include "chat/console/console_chat.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <string>

#include <gtest/gtest.h>

#include "chat/control/control_consumer.hpp"
#include "chat/control/event_bridge.hpp"
#include "engine/clock.hpp"
#include "engine/kernel.hpp"
#include "store/open_store.hpp"
#include "store/testing/test_stores.hpp"

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

// An output stream the test can wait on: every write wakes whoever waits for a text to appear
// (the session writes follow-ups and notifications from other threads).
class WatchedBuf final : public std::streambuf {
 public:
  // Waits until the output contains `text` (bounded, so a bug fails instead of hanging).
  bool wait_for(const std::string& text) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(30),
                        [&] { return text_.find(text) != std::string::npos; });
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      const char ch = traits_type::to_char_type(c);
      xsputn(&ch, 1);
    }
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    {
      std::lock_guard lock(mutex_);
      text_.append(s, static_cast<std::size_t>(n));
    }
    cv_.notify_all();
    return n;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::string text_;
};

// Feeds scripted lines, running `before[i]` before handing out line i.
class ScriptReader final : public LineReader {
 public:
  std::optional<std::string> read_line(const std::string&) override {
    if (lines.empty()) return std::nullopt;
    auto [before, line] = lines.front();
    lines.pop_front();
    if (before) before();
    return line;
  }
  std::deque<std::pair<std::function<void()>, std::string>> lines;
};

class NullVenue final : public engine::ExecutionVenue {
 public:
  void set_listener(engine::VenueListener*) override {}
  void submit(const engine::VenueOrder&) override {}
  void cancel(const ClientOrderId&, Timestamp) override {}
  void amend_trigger(const ClientOrderId&, const Price&, Timestamp) override {}
};

TEST(ConsoleChat, ShowsControlResultsAndNotificationsAsTheyArrive) {
  store::testing::TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "farm.db").string();
  // The farm, on the same store: a kernel, its control consumer and its notification bridge.
  auto farm_store = store::open_store(store::parse_store_url(url).value());
  ASSERT_TRUE(farm_store.ok()) << farm_store.error().to_string();
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.0001").value();
  engine::Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(
      portfolio.add_instrument({Instrument::create(spec).value(), MarginMode::kCross, 1, {}}).ok());
  engine::SimulatedClock clock(Timestamp(1));
  NullVenue venue;
  engine::Kernel kernel(clock, portfolio, venue, engine::RiskLimits{});
  EngineEventBridge bridge(**farm_store, kernel);
  ControlConsumer consumer(**farm_store, kernel);
  ASSERT_TRUE(consumer.start().ok());

  ConsoleOptions options;
  options.store_url = url;
  options.control.answer_within = std::chrono::milliseconds(0);
  options.control.poll = std::chrono::milliseconds(5);
  auto chat = ConsoleChat::open(OMEGA_DATA_DIR, std::string(OMEGA_DATA_DIR) + "/chat/console.yaml",
                                fixed_clock(), options);
  ASSERT_TRUE(chat.ok()) << chat.error().to_string();
  WatchedBuf buf;
  std::ostream out(&buf);
  ScriptReader reader;
  reader.lines.push_back({nullptr, "/notify risk on"});
  reader.lines.push_back({nullptr, "/halt"});
  reader.lines.push_back({[&] {
                            // The farm applies the halt between two bars; the console shows the
                            // result when it arrives, then the risk warning the halt raised.
                            ASSERT_TRUE(buf.wait_for("sent to the farm, waiting for its answer"));
                            ASSERT_EQ(consumer.poll().value(), 1u);
                            EXPECT_TRUE(buf.wait_for("halt all trading (kill switch): done"))
                                << buf.text();
                            EXPECT_TRUE(buf.wait_for("trading halted: by admin via console"))
                                << buf.text();
                          },
                          "/status"});
  EXPECT_EQ(chat->run("admin", reader, out), 3u);
  EXPECT_TRUE(kernel.risk().halted());
  EXPECT_NE(buf.text().find("Farm: HALTED (by admin via console)"), std::string::npos)
      << buf.text();
}

TEST(ConsoleChat, SavesTheFibChartAndNamesIt) {
  const std::filesystem::path dir = std::filesystem::path(OMEGA_TEST_TMP) / "console_charts";
  std::filesystem::remove_all(dir);
  ConsoleChat chat = open_bundled();
  auto r = chat.ask("console", "/fib BTC/USDT 1h", "xyko");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text.find("chart:"), std::string::npos) << "not saved unless asked";
  EXPECT_TRUE(r->attachments.empty()) << "not even drawn: nothing would take it";

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
