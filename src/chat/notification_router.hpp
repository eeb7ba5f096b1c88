// Provides NotificationRouter: events (fills, stop/target hits, signals, risk warnings, denials,
// bot faults) sent to subscribed users at their level, with de-duplication, per-type cooldowns
// and a channel mention when a direct message fails. The engine's bus feeds it later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "chat/rate_limiter.hpp"
#include "core/result.hpp"

namespace omega::chat {

// What happened; users choose a level per type with /notify.
enum class NotifyEvent : std::uint8_t { kFill, kStop, kSignal, kRisk, kDenial, kFault, kAlert };

// How a user wants one event type: delivered, delivered without a ping, or not at all.
enum class NotifyLevel : std::uint8_t { kOn, kSilent, kOff };

// Returns "fills", "stops", "signals", "risk", "denials", "faults" or "alerts" (the /notify
// names).
std::string_view to_string(NotifyEvent event);
// Parses a /notify name; nullopt for an unknown one.
std::optional<NotifyEvent> parse_notify_event(std::string_view name);
// Returns "on", "silent" or "off"; parse_notify_level reads them back.
std::string_view to_string(NotifyLevel level);
std::optional<NotifyLevel> parse_notify_level(std::string_view name);

// One notification to route.
struct Notification {
  NotifyEvent event = NotifyEvent::kFill;
  std::string dedup_key;  // equal keys within the window are one notification (e.g. order id)
  std::string text;       // the event in words; the renderer (if any) puts it in a persona
  // Only this user (an alert's owner), at their level for the event (on when never set);
  // empty = every subscriber of the event.
  std::string user;
};

// How a front end delivers; Discord and the console implement it.
class NotificationSink {
 public:
  virtual ~NotificationSink() = default;
  // Sends a direct message; fails when the user cannot receive one (DMs closed).
  virtual Status send_direct(std::string_view user, std::string_view text, bool silent) = 0;
  // Posts in a channel, mentioning `user`.
  virtual Status send_channel(std::string_view channel, std::string_view user,
                              std::string_view text, bool silent) = 0;
};

// What one publish did.
struct RouteStats {
  std::size_t direct = 0;       // delivered as direct messages
  std::size_t fallback = 0;     // delivered as a channel mention after a failed DM
  std::size_t duplicates = 0;   // suppressed: same key within the window
  std::size_t cooled_down = 0;  // suppressed: same type too soon for that user
  std::size_t failed = 0;       // neither DM nor channel worked
};

// Routes notifications to subscribers; safe to call from several threads.
class NotificationRouter {
 public:
  NotificationRouter(ChatClock clock, NotificationSink& sink, std::string fallback_channel,
                     Duration dedup_window, Duration cooldown)
      : clock_(std::move(clock)),
        sink_(&sink),
        fallback_channel_(std::move(fallback_channel)),
        dedup_window_(dedup_window),
        cooldown_(cooldown) {}

  // Sets `user`'s level for `event` (a user with no level set gets nothing).
  void subscribe(std::string_view user, NotifyEvent event, NotifyLevel level);

  // Turns a notification into the text one user receives (their persona); without one the
  // notification's text is sent as it is.
  using Renderer = std::function<std::string(std::string_view user, const Notification& n)>;
  void set_renderer(Renderer renderer);

  // Returns `user`'s level for `event`, if set.
  std::optional<NotifyLevel> level(std::string_view user, NotifyEvent event) const;

  // Delivers `n` to every user subscribed to its event at on or silent.
  RouteStats publish(const Notification& n);

 private:
  ChatClock clock_;
  NotificationSink* sink_;
  std::string fallback_channel_;
  Duration dedup_window_;
  Duration cooldown_;
  Renderer renderer_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, NotifyEvent>, NotifyLevel> levels_;
  std::map<std::pair<std::string, std::string>, Timestamp> seen_;  // (user, key)
  std::map<std::pair<std::string, NotifyEvent>, Timestamp> last_;  // (user, event)
};

}  // namespace omega::chat
