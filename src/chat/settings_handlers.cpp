#include "chat/settings_handlers.hpp"

#include <charconv>
#include <string>

#include <fmt/format.h>

namespace omega::chat {
namespace {

constexpr std::string_view kNotifyPrefix = "notify.";
constexpr NotifyEvent kEvents[] = {NotifyEvent::kFill, NotifyEvent::kStop,   NotifyEvent::kSignal,
                                   NotifyEvent::kRisk, NotifyEvent::kDenial, NotifyEvent::kFault,
                                   NotifyEvent::kAlert};

Result<HandlerReply> notify(const ChatRequest& r, store::SettingsStore& settings,
                            NotificationRouter& router) {
  HandlerReply out;
  out.type = MessageType::kNotify;
  if (r.args.size() == 1) {
    return Error(ErrorCode::kInvalidArgument,
                 "/notify " + r.args[0] + " needs a level: on, silent or off");
  }
  if (r.args.size() == 2) {
    const NotifyEvent event = *parse_notify_event(r.args[0]);  // the table checked the choices
    const NotifyLevel level = *parse_notify_level(r.args[1]);
    // Stored first, so the router never holds a level the store lost.
    OMEGA_TRY(settings.put_setting(store::UserId(r.user_id), std::string(kNotifyPrefix) + r.args[0],
                                   r.args[1]));
    router.subscribe(r.user_id, event, level);
    out.data.set("text", fmt::format("{} notifications are now {}.", r.args[0], r.args[1]));
  } else {
    out.data.set("text", "Your notifications (/notify EVENT on|silent|off):");
  }
  for (NotifyEvent e : kEvents) {
    const auto level = router.level(r.user_id, e);
    // Alerts go to their owner unless turned off; other events only when subscribed.
    const NotifyLevel shown = level                      ? *level
                              : e == NotifyEvent::kAlert ? NotifyLevel::kOn
                                                         : NotifyLevel::kOff;
    out.data.add_row(
        "levels", {{"event", std::string(to_string(e))}, {"level", std::string(to_string(shown))}});
  }
  return out;
}

Result<HandlerReply> alerts(const ChatRequest& r, AlertBook& book) {
  HandlerReply out;
  out.type = MessageType::kAlerts;
  const std::string& action = r.args[0];
  std::string spec;
  for (std::size_t i = 1; i < r.args.size(); ++i) spec += (i > 1 ? " " : "") + r.args[i];
  if (action == "add") {
    OMEGA_ASSIGN_OR_RETURN(AlertRule rule, book.add(r.user_id, spec));
    out.data.set("text", fmt::format("Alert #{} set: {}.", rule.id, rule.to_string()));
  } else if (action == "remove") {
    int id = 0;
    const std::string text = spec.starts_with('#') ? spec.substr(1) : spec;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (spec.empty() || ec != std::errc() || p != text.data() + text.size()) {
      return Error(ErrorCode::kInvalidArgument,
                   "usage: /alerts remove ID (the number /alerts list shows)");
    }
    OMEGA_TRY(book.remove(r.user_id, id));
    out.data.set("text", fmt::format("Alert #{} removed.", id));
  } else {
    out.data.set("text", "Your alerts (/alerts add price|fib|risk|signal …, /alerts remove ID):");
  }
  for (const AlertRule& rule : book.list(r.user_id)) {
    out.data.add_row("alerts", {{"id", std::to_string(rule.id)}, {"spec", rule.to_string()}});
  }
  out.data.lists.try_emplace("alerts");
  return out;
}

}  // namespace

void register_settings_handlers(ChatPipeline& pipeline, store::SettingsStore& settings,
                                NotificationRouter& router, AlertBook& book) {
  pipeline.register_handler(
      "notify", [&settings, &router](const ChatRequest& r) { return notify(r, settings, router); });
  pipeline.register_handler("alerts", [&book](const ChatRequest& r) { return alerts(r, book); });
}

Status load_notify_levels(store::StoreCatalog& catalog, NotificationRouter& router) {
  OMEGA_ASSIGN_OR_RETURN(auto all, catalog.all_settings());
  for (const store::SettingEntry& e : all) {
    if (!e.key.starts_with(kNotifyPrefix)) continue;
    const auto event = parse_notify_event(std::string_view(e.key).substr(kNotifyPrefix.size()));
    const auto level = parse_notify_level(e.value);
    if (!event || !level) {
      return Error(ErrorCode::kParse, fmt::format("user {}: setting {} = '{}' is not a level",
                                                  e.user_id.value(), e.key, e.value));
    }
    router.subscribe(e.user_id.value(), *event, *level);
  }
  return ok_status();
}

}  // namespace omega::chat
