// Implements the clocks' timer bookkeeping and wall time.
#include "engine/clock.hpp"

#include <chrono>

namespace omega::engine {

TimerId Clock::set_timer(std::string name, Timestamp at, Duration interval) {
  const TimerId id = next_id_++;
  timers_.push_back(Timer{id, std::move(name), at.ns(), interval.count()});
  recompute_next_due();
  return id;
}

bool Clock::cancel_timer(TimerId id) {
  for (auto it = timers_.begin(); it != timers_.end(); ++it) {
    if (it->id == id) {
      timers_.erase(it);
      recompute_next_due();
      return true;
    }
  }
  return false;
}

void Clock::recompute_next_due() {
  next_due_ = INT64_MAX;
  for (const Timer& t : timers_) next_due_ = t.at_ns < next_due_ ? t.at_ns : next_due_;
}

void SimulatedClock::fire_until(Timestamp ts) {
  fire_due(ts, [this](Timestamp t) { now_ = t; });
}

Timestamp LiveClock::now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

}  // namespace omega::engine
