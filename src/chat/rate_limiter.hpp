// Provides RateLimiter: a sliding-window limit per user and a cooldown per user and command,
// on an injected clock so tests step time instead of sleeping.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace omega::chat {

// Returns the current time; the pipeline's only view of time.
using ChatClock = std::function<Timestamp()>;

// Says whether a message may proceed and, if not, when it may.
struct RateDecision {
  bool allowed = true;
  Duration retry_after{0};
};

// Counts messages per user and command uses per (user, command); safe from several threads.
class RateLimiter {
 public:
  RateLimiter(ChatClock clock, std::size_t max_per_window, Duration window)
      : clock_(std::move(clock)), max_per_window_(max_per_window), window_(window) {}

  // Records an attempt of `command` by `user` with `cooldown` between uses; an attempt that is
  // refused does not count against the user.
  RateDecision check(std::string_view user, std::string_view command, Duration cooldown);

 private:
  ChatClock clock_;
  std::size_t max_per_window_;
  Duration window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Timestamp>, std::less<>> recent_;  // per user
  std::map<std::string, Timestamp, std::less<>> last_use_;            // "user\ncommand"
};

}  // namespace omega::chat
