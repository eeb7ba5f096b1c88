#include "chat/notification_router.hpp"

#include <vector>

namespace omega::chat {

std::string_view to_string(NotifyEvent event) {
  switch (event) {
    case NotifyEvent::kFill:
      return "fills";
    case NotifyEvent::kStop:
      return "stops";
    case NotifyEvent::kSignal:
      return "signals";
    case NotifyEvent::kRisk:
      return "risk";
    case NotifyEvent::kDenial:
      return "denials";
    case NotifyEvent::kFault:
      return "faults";
  }
  return "faults";
}

void NotificationRouter::subscribe(std::string_view user, NotifyEvent event, NotifyLevel level) {
  std::lock_guard lock(mutex_);
  levels_[{std::string(user), event}] = level;
}

RouteStats NotificationRouter::publish(const Notification& n) {
  const Timestamp now = clock_();
  RouteStats stats;
  // Decide under the lock, deliver outside it: a slow front end must not block subscribers.
  std::vector<std::pair<std::string, bool>> targets;  // (user, silent)
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, level] : levels_) {
      if (key.second != n.event || level == NotifyLevel::kOff) continue;
      const std::string& user = key.first;
      if (!n.dedup_key.empty()) {
        auto seen = seen_.find({user, n.dedup_key});
        if (seen != seen_.end() && now.ns() - seen->second.ns() < dedup_window_.count()) {
          ++stats.duplicates;
          continue;
        }
      }
      auto last = last_.find({user, n.event});
      if (last != last_.end() && now.ns() - last->second.ns() < cooldown_.count()) {
        ++stats.cooled_down;
        continue;
      }
      if (!n.dedup_key.empty()) seen_[{user, n.dedup_key}] = now;
      last_[{user, n.event}] = now;
      targets.emplace_back(user, level == NotifyLevel::kSilent);
    }
  }
  for (const auto& [user, silent] : targets) {
    if (sink_->send_direct(user, n.text, silent).ok()) {
      ++stats.direct;
    } else if (!fallback_channel_.empty() &&
               sink_->send_channel(fallback_channel_, user, n.text, silent).ok()) {
      ++stats.fallback;
    } else {
      ++stats.failed;
    }
  }
  return stats;
}

}  // namespace omega::chat
