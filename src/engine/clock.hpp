// Provides Clock (the only time a bot sees), SimulatedClock (advanced by the data) and LiveClock
// (wall time), both with named timers fired in deterministic (time, id) order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace omega::engine {

// Identifies a timer for cancellation.
using TimerId = std::uint64_t;

// A timer that fired: its name and the scheduled time it fired for.
struct TimerFired {
  TimerId id = 0;
  std::string name;
  Timestamp ts;
};

// The time source of the kernel. Timers fire from advance_to(), on the kernel thread only.
class Clock {
 public:
  using TimerCallback = std::function<void(const TimerFired&)>;

  virtual ~Clock() = default;
  // Returns the current time.
  virtual Timestamp now() const = 0;

  // Schedules a timer at `at`, repeating every `interval` when it is positive.
  TimerId set_timer(std::string name, Timestamp at, Duration interval = Duration::zero());
  // Cancels a timer; false when it is unknown or already done.
  bool cancel_timer(TimerId id);
  // Sets the function timers fire into (the kernel's dispatcher).
  void on_timer(TimerCallback callback) { callback_ = std::move(callback); }
  // Returns the number of scheduled timers.
  std::size_t timer_count() const { return timers_.size(); }

 protected:
  // Fires every timer due at or before `ts`, earliest first (ties by id), and sets the time of
  // each firing through `set_time` so a handler sees its own scheduled time as now().
  template <typename SetTime>
  void fire_due(Timestamp ts, SetTime&& set_time) {
    while (!timers_.empty() && next_due_ <= ts.ns()) fire_next(set_time);
  }
  // Returns true when a timer is due at or before `ts` (one compare: no timer means INT64_MAX).
  bool timer_due(Timestamp ts) const { return next_due_ <= ts.ns(); }

 private:
  struct Timer {
    TimerId id;
    std::string name;
    std::int64_t at_ns;
    std::int64_t interval_ns;
  };
  template <typename SetTime>
  void fire_next(SetTime& set_time) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < timers_.size(); ++i) {
      if (timers_[i].at_ns < timers_[best].at_ns ||
          (timers_[i].at_ns == timers_[best].at_ns && timers_[i].id < timers_[best].id)) {
        best = i;
      }
    }
    Timer timer = timers_[best];
    if (timer.interval_ns > 0) {
      timers_[best].at_ns += timer.interval_ns;
    } else {
      timers_.erase(timers_.begin() + static_cast<std::ptrdiff_t>(best));
    }
    recompute_next_due();
    set_time(Timestamp(timer.at_ns));
    if (callback_) callback_(TimerFired{timer.id, timer.name, Timestamp(timer.at_ns)});
  }
  void recompute_next_due();

  // A handful of timers per kernel: a vector scanned linearly beats a heap and keeps the
  // firing order obvious.
  std::vector<Timer> timers_;
  std::int64_t next_due_ = INT64_MAX;
  TimerId next_id_ = 1;
  TimerCallback callback_;
};

// Time that moves only when the data says so: backtests and replays.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start = Timestamp()) : now_(start) {}
  Timestamp now() const override { return now_; }
  // Moves time forward to `ts` (never backward), firing due timers on the way. Called twice per
  // bar, so the common case (no timer due) stays inline and the firing loop is out of line.
  void advance_to(Timestamp ts) {
    if (ts < now_) return;
    if (timer_due(ts)) fire_until(ts);
    now_ = ts;
  }

 private:
  void fire_until(Timestamp ts);

  Timestamp now_;
};

// Wall time for paper and live runs; the kernel loop calls poll() to fire due timers.
class LiveClock final : public Clock {
 public:
  Timestamp now() const override;
  // Fires the timers that are due by wall time.
  void poll() {
    fire_due(now(), [](Timestamp) {});
  }
};

}  // namespace omega::engine
