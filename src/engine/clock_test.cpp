// Timers fire in (time, id) order with their own time as now(); repeating timers repeat.
#include "engine/clock.hpp"

#include <gtest/gtest.h>

namespace omega::engine {
namespace {

TEST(SimulatedClock, FiresTimersInTimeThenIdOrder) {
  SimulatedClock clock(Timestamp(0));
  std::vector<std::pair<std::string, std::int64_t>> fired;
  clock.on_timer([&](const TimerFired& t) { fired.emplace_back(t.name, clock.now().ns()); });
  clock.set_timer("b", Timestamp(20));
  clock.set_timer("a", Timestamp(10));
  clock.set_timer("c", Timestamp(20));
  clock.set_timer("every", Timestamp(5), Duration(10));
  clock.advance_to(Timestamp(25));
  const std::vector<std::pair<std::string, std::int64_t>> want = {
      {"every", 5}, {"a", 10}, {"every", 15}, {"b", 20}, {"c", 20}, {"every", 25}};
  EXPECT_EQ(fired, want);
  EXPECT_EQ(clock.now(), Timestamp(25));
}

TEST(SimulatedClock, CancelledTimersDoNotFireAndTimeNeverGoesBack) {
  SimulatedClock clock(Timestamp(100));
  int count = 0;
  clock.on_timer([&](const TimerFired&) { ++count; });
  const TimerId id = clock.set_timer("x", Timestamp(150));
  EXPECT_TRUE(clock.cancel_timer(id));
  clock.advance_to(Timestamp(50));
  EXPECT_EQ(clock.now(), Timestamp(100));
  clock.advance_to(Timestamp(200));
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace omega::engine
