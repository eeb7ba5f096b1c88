#include "chat/rate_limiter.hpp"

namespace omega::chat {

RateDecision RateLimiter::check(std::string_view user, std::string_view command,
                                Duration cooldown) {
  const Timestamp now = clock_();
  std::lock_guard lock(mutex_);
  std::deque<Timestamp>& times = recent_[std::string(user)];
  while (!times.empty() && now.ns() - times.front().ns() >= window_.count()) times.pop_front();
  if (times.size() >= max_per_window_) {
    return {false, Duration(times.front().ns() + window_.count() - now.ns())};
  }
  std::string key = std::string(user) + '\n' + std::string(command);
  if (cooldown > Duration::zero()) {
    auto it = last_use_.find(key);
    if (it != last_use_.end() && now.ns() - it->second.ns() < cooldown.count()) {
      return {false, Duration(it->second.ns() + cooldown.count() - now.ns())};
    }
  }
  times.push_back(now);
  last_use_[std::move(key)] = now;
  return {};
}

}  // namespace omega::chat
