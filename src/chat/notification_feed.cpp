#include "chat/notification_feed.hpp"

#include <charconv>

#include "chat/flat_json.hpp"
#include "core/log.hpp"

namespace omega::chat {
std::string encode(const FarmEvent& e) {
  return encode_flat({{"event", std::string(to_string(e.event))},
                      {"key", e.key},
                      {"text", e.text},
                      {"bot", e.bot},
                      {"symbol", e.symbol},
                      {"kind", e.kind},
                      {"ts", std::to_string(e.ts.ns())}});
}

Result<FarmEvent> decode_farm_event(std::string_view payload) {
  OMEGA_ASSIGN_OR_RETURN(FlatFields f, decode_flat(payload));
  FarmEvent e;
  const auto event = parse_notify_event(f["event"]);
  if (!event) return Error(ErrorCode::kParse, "farm event: unknown event '" + f["event"] + "'");
  e.event = *event;
  e.key = f["key"];
  e.text = f["text"];
  if (e.text.empty()) return Error(ErrorCode::kParse, "farm event: field 'text' is missing");
  e.bot = f["bot"];
  e.symbol = f["symbol"];
  e.kind = f["kind"];
  std::int64_t ns = 0;
  std::from_chars(f["ts"].data(), f["ts"].data() + f["ts"].size(), ns);
  e.ts = Timestamp::from_ns(ns);
  return e;
}

NotificationFeed::NotificationFeed(store::Store& store, NotificationRouter& router,
                                   AlertEngine* alerts, FarmStatePort* farm, std::string group)
    : store_(&store), router_(&router), alerts_(alerts), farm_(farm), group_(std::move(group)) {}

Status NotificationFeed::start() {
  OMEGA_TRY(store_->create_group(kNotificationsStream, group_));
  // What this group read before a restart and never acknowledged is routed by the next poll.
  OMEGA_ASSIGN_OR_RETURN(reclaimed_, store_->claim_pending(kNotificationsStream, group_, "chat",
                                                           std::chrono::milliseconds(0), 1024));
  started_ = true;
  return ok_status();
}

Result<std::size_t> NotificationFeed::poll(std::size_t max) {
  if (!started_) OMEGA_TRY(start());
  std::vector<store::StreamEntry> entries = std::move(reclaimed_);
  reclaimed_.clear();
  std::size_t published = 0;
  std::vector<Notification> out;
  OMEGA_ASSIGN_OR_RETURN(auto fresh, store_->read_group(kNotificationsStream, group_, "chat", max));
  entries.insert(entries.end(), fresh.begin(), fresh.end());
  std::vector<std::string> ids;
  for (const store::StreamEntry& entry : entries) {
    ids.push_back(entry.id);
    auto e = decode_farm_event(entry.payload);
    if (!e.ok()) {
      log_warn("notifications: dropped entry {}: {}", entry.id, e.error().message());
      continue;
    }
    out.push_back({e->event, e->key, e->text, {}});
    if (alerts_ != nullptr && e->event == NotifyEvent::kSignal) {
      store::SignalRecord s;
      s.bot_id = store::BotId(e->bot);
      if (auto sym = Symbol::parse(e->symbol); sym.ok()) s.symbol = *sym;
      s.kind = e->kind;
      s.ts = e->ts;
      auto fired = alerts_->on_signal(s);
      out.insert(out.end(), fired.begin(), fired.end());
    }
  }
  if (alerts_ != nullptr) {
    OMEGA_ASSIGN_OR_RETURN(auto fired, alerts_->poll_candles(*store_));
    out.insert(out.end(), fired.begin(), fired.end());
    if (farm_ != nullptr) {
      OMEGA_ASSIGN_OR_RETURN(auto positions, farm_->positions());
      auto risk = alerts_->on_positions(positions);
      out.insert(out.end(), risk.begin(), risk.end());
    }
  }
  for (const Notification& n : out) {
    router_->publish(n);
    ++published;
  }
  if (!ids.empty()) OMEGA_TRY(store_->ack(kNotificationsStream, group_, ids));
  return published;
}

}  // namespace omega::chat
