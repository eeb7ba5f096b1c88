// ReplaySpeed parsing and the pacer's deadlines, on virtual and real steady time.
#include "paper/replay_pacer.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace omega::paper {
namespace {

using std::chrono::seconds;

TEST(ReplaySpeed, ParsesMultiplesAndMax) {
  EXPECT_DOUBLE_EQ(parse_replay_speed("1x").value().factor, 1.0);
  EXPECT_DOUBLE_EQ(parse_replay_speed("60x").value().factor, 60.0);
  EXPECT_DOUBLE_EQ(parse_replay_speed("0.5x").value().factor, 0.5);
  EXPECT_FALSE(parse_replay_speed("60x").value().max);
  EXPECT_TRUE(parse_replay_speed("max").value().max);
  EXPECT_EQ(parse_replay_speed("3600x").value().to_string(), "3600x");
  EXPECT_EQ(parse_replay_speed("max").value().to_string(), "max");
}

TEST(ReplaySpeed, RefusesAnythingElseNamingIt) {
  for (const char* bad : {"", "x", "60", "fast", "0x", "-1x", "1.5.2x", "nanx", "infx", "MAX "}) {
    auto s = parse_replay_speed(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code(), ErrorCode::kParse);
    EXPECT_NE(s.error().message().find(std::string("'") + bad + "'"), std::string::npos)
        << s.error().message();
  }
}

TEST(ReplayPacer, OneMinuteBarsAt1xAreDueEverySixtySecondsOfWallTime) {
  VirtualSteadySource steady;
  ReplayPacer pacer(parse_replay_speed("1x").value(), steady);
  pacer.start();
  const auto start = steady.now();
  EXPECT_EQ(pacer.due(seconds(60)) - start, seconds(60));
  EXPECT_EQ(pacer.due(seconds(120)) - start, seconds(120));
  ReplayPacer fast(parse_replay_speed("60x").value(), steady);
  fast.start();
  EXPECT_EQ(fast.due(seconds(60)) - steady.now(), seconds(1));
  ReplayPacer slow(parse_replay_speed("0.5x").value(), steady);
  slow.start();
  EXPECT_EQ(slow.due(seconds(60)) - steady.now(), seconds(120));
}

TEST(ReplayPacer, WaitBlocksUntilTheDeadlineOnTheSteadySource) {
  VirtualSteadySource steady;
  ReplayPacer pacer(parse_replay_speed("60x").value(), steady);
  pacer.start();
  std::mutex m;
  std::condition_variable cv;
  std::unique_lock lock(m);
  for (int bar = 1; bar <= 5; ++bar) {
    EXPECT_TRUE(pacer.wait(lock, cv, seconds(60 * bar), [] { return false; }));
    EXPECT_EQ(steady.now().time_since_epoch(), seconds(bar));
  }
  EXPECT_EQ(steady.waits(), 5u);
  // A bar already due (the replay fell behind) does not wait.
  EXPECT_TRUE(pacer.wait(lock, cv, seconds(60), [] { return false; }));
  EXPECT_EQ(steady.waits(), 5u);
}

TEST(ReplayPacer, MaxSpeedNeverWaits) {
  VirtualSteadySource steady;
  ReplayPacer pacer(parse_replay_speed("max").value(), steady);
  pacer.start();
  std::mutex m;
  std::condition_variable cv;
  std::unique_lock lock(m);
  EXPECT_TRUE(pacer.wait(lock, cv, std::chrono::hours(24 * 365), [] { return false; }));
  EXPECT_EQ(steady.waits(), 0u);
  EXPECT_FALSE(pacer.wait(lock, cv, seconds(1), [] { return true; }));
}

TEST(ReplayPacer, AnInterruptionEndsARealWaitLongBeforeItsDeadline) {
  // A day of market time at 1x on the real steady clock: only the notification ends the wait.
  SystemSteadySource steady;
  ReplayPacer pacer(parse_replay_speed("1x").value(), steady);
  pacer.start();
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  std::thread stopper([&] {
    {
      std::lock_guard guard(m);
      stop = true;
    }
    cv.notify_all();
  });
  bool due = true;
  {
    std::unique_lock lock(m);
    due = pacer.wait(lock, cv, std::chrono::hours(24), [&] { return stop; });
  }
  stopper.join();
  EXPECT_FALSE(due);
}

}  // namespace
}  // namespace omega::paper
