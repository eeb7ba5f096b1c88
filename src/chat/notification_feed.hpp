// Provides NotificationFeed: the chat's side of farm notifications. It reads the store stream
// "notifications" (written by the farm's EngineEventBridge: fills, stop/target hits, signals,
// risk warnings, denials, bot faults) with a consumer group of its own, routes each event to the
// subscribed users, and evaluates alert rules on the signals, on new candles in the store and
// on the open positions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chat/alerts.hpp"
#include "chat/farm_state.hpp"
#include "chat/notification_router.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace omega::chat {

inline constexpr std::string_view kNotificationsStream = "notifications";

// One farm event as the bridge writes it (flat JSON on "notifications").
struct FarmEvent {
  NotifyEvent event = NotifyEvent::kFill;
  std::string key;   // de-duplication key (order id and filled quantity, signal and time, …)
  std::string text;  // the event in words
  std::string bot;
  std::string symbol;
  std::string kind;  // signals: the signal's name
  Timestamp ts;
};

std::string encode(const FarmEvent& event);
Result<FarmEvent> decode_farm_event(std::string_view payload);

class NotificationFeed {
 public:
  // `group` names this front end's consumer group (each front end gets every event once).
  // `alerts` and `farm` may be null (no alert evaluation).
  NotificationFeed(store::Store& store, NotificationRouter& router, AlertEngine* alerts,
                   FarmStatePort* farm, std::string group);

  // Creates the consumer group (at the stream's end: events from before the first start are not
  // routed) and takes back what an earlier run read but never acknowledged. Call once before
  // the events to route are written; poll() calls it when it was not.
  Status start();

  // Reads what arrived since the last poll and routes it; returns how many notifications were
  // published to the router (before de-duplication and cooldowns).
  Result<std::size_t> poll(std::size_t max = 64);

 private:
  store::Store* store_;
  NotificationRouter* router_;
  AlertEngine* alerts_;
  FarmStatePort* farm_;
  std::string group_;
  bool started_ = false;
  std::vector<store::StreamEntry> reclaimed_;
};

}  // namespace omega::chat
