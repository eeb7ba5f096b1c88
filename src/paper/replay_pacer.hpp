// Provides ReplaySpeed (1x, 60x, ... or max), SteadySource (the steady time a pacer waits on:
// the system's, or a virtual one that jumps to each deadline) and ReplayPacer, which maps market
// time elapsed since the start of a replay to the wall time at which it is due.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace omega::paper {

// How fast market time passes relative to wall time.
struct ReplaySpeed {
  // Market seconds per wall second (> 0); ignored when `max`.
  double factor = 1.0;
  // As fast as possible: nothing waits.
  bool max = false;

  // Returns "max" or "<factor>x" (e.g. "60x", "0.5x").
  std::string to_string() const;
};

// Parses "max" or "<number>x" with a number > 0 ("1x", "60x", "0.5x", "3600x"); kParse otherwise.
Result<ReplaySpeed> parse_replay_speed(std::string_view text);

// The steady clock a pacer reads and waits on.
class SteadySource {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~SteadySource() = default;
  // Returns the current steady time.
  virtual TimePoint now() const = 0;
  // Blocks on `cv` (with `lock` held) until `deadline` or a notification; may return early
  // (callers re-check what they wait for).
  virtual void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                          TimePoint deadline) = 0;
};

// std::chrono::steady_clock with condition_variable::wait_until.
class SystemSteadySource final : public SteadySource {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                  TimePoint deadline) override {
    cv.wait_until(lock, deadline);
  }
};

// Virtual steady time for tests and benchmarks of the paced path: a wait moves the time to its
// deadline at once and counts the wait, so a paced replay runs at full speed yet its deadlines
// can be checked.
class VirtualSteadySource final : public SteadySource {
 public:
  TimePoint now() const override { return now_; }
  void wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv,
                  TimePoint deadline) override;
  // Returns how many waits moved the time forward.
  std::size_t waits() const { return waits_; }

 private:
  TimePoint now_{};
  std::size_t waits_ = 0;
};

// Maps market time to wall time: market time `elapsed` after the replay's start is due at
// start + elapsed / factor on the steady source.
class ReplayPacer {
 public:
  using TimePoint = SteadySource::TimePoint;
  ReplayPacer(ReplaySpeed speed, SteadySource& source) : speed_(speed), source_(&source) {}

  // Starts the replay's wall clock at the source's now.
  void start() { start_ = source_->now(); }
  // Returns the wall time at which `elapsed` market time is due.
  TimePoint due(Duration elapsed) const;
  // Waits (with `lock` held on the mutex `cv` belongs to) until `elapsed` is due or
  // `interrupted()` holds; returns true when due, false when interrupted. Never waits at max
  // speed.
  template <typename Interrupted>
  bool wait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Duration elapsed,
            Interrupted interrupted) {
    if (speed_.max) return !interrupted();
    const TimePoint deadline = due(elapsed);
    while (!interrupted()) {
      if (source_->now() >= deadline) return true;
      source_->wait_until(lock, cv, deadline);
    }
    return false;
  }

  const ReplaySpeed& speed() const { return speed_; }

 private:
  ReplaySpeed speed_;
  SteadySource* source_;
  TimePoint start_{};
};

}  // namespace omega::paper
