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
    case NotifyEvent::kAlert:
      return "alerts";
  }
  return "faults";
}

std::optional<NotifyEvent> parse_notify_event(std::string_view name) {
  for (NotifyEvent e :
       {NotifyEvent::kFill, NotifyEvent::kStop, NotifyEvent::kSignal, NotifyEvent::kRisk,
        NotifyEvent::kDenial, NotifyEvent::kFault, NotifyEvent::kAlert}) {
    if (to_string(e) == name) return e;
  }
  return std::nullopt;
}

std::string_view to_string(NotifyLevel level) {
  switch (level) {
    case NotifyLevel::kOn:
      return "on";
    case NotifyLevel::kSilent:
      return "silent";
    case NotifyLevel::kOff:
      return "off";
  }
  return "off";
}

std::optional<NotifyLevel> parse_notify_level(std::string_view name) {
  for (NotifyLevel l : {NotifyLevel::kOn, NotifyLevel::kSilent, NotifyLevel::kOff}) {
    if (to_string(l) == name) return l;
  }
  return std::nullopt;
}

void NotificationRouter::set_renderer(Renderer renderer) {
  std::lock_guard lock(mutex_);
  renderer_ = std::move(renderer);
}

std::optional<NotifyLevel> NotificationRouter::level(std::string_view user,
                                                     NotifyEvent event) const {
  std::lock_guard lock(mutex_);
  auto it = levels_.find({std::string(user), event});
  if (it == levels_.end()) return std::nullopt;
  return it->second;
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
    std::vector<std::pair<std::string, NotifyLevel>> candidates;
    if (!n.user.empty()) {
      auto it = levels_.find({n.user, n.event});
      candidates.emplace_back(n.user, it == levels_.end() ? NotifyLevel::kOn : it->second);
    } else {
      for (const auto& [key, level] : levels_) {
        if (key.second == n.event) candidates.emplace_back(key.first, level);
      }
    }
    for (const auto& [user, level] : candidates) {
      if (level == NotifyLevel::kOff) continue;
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
  Renderer renderer;
  {
    std::lock_guard lock(mutex_);
    renderer = renderer_;
  }
  for (const auto& [user, silent] : targets) {
    const std::string text = renderer ? renderer(user, n) : n.text;
    if (sink_->send_direct(user, text, silent).ok()) {
      ++stats.direct;
    } else if (!fallback_channel_.empty() &&
               sink_->send_channel(fallback_channel_, user, text, silent).ok()) {
      ++stats.fallback;
    } else {
      ++stats.failed;
    }
  }
  return stats;
}

}  // namespace omega::chat
