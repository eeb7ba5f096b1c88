#include "chat/control/event_bridge.hpp"

#include <fmt/format.h>

#include "core/log.hpp"

namespace omega::chat {
namespace {

bool is_protective(OrderType type) {
  return type == OrderType::kStopMarket || type == OrderType::kStopLimit ||
         type == OrderType::kTakeProfitMarket || type == OrderType::kTakeProfitLimit;
}

bool mentions(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

EngineEventBridge::EngineEventBridge(store::Store& store, engine::Kernel& kernel)
    : store_(&store), kernel_(&kernel) {
  kernel.bus().subscribe<engine::OrderUpdated>([this](const engine::OrderUpdated& u) {
    const std::string symbol = symbol_of(u.instrument);
    if (u.kind == engine::OrderUpdateKind::kFilled ||
        u.kind == engine::OrderUpdateKind::kPartiallyFilled) {
      FarmEvent e;
      const bool stop = is_protective(u.type);
      e.event = stop ? NotifyEvent::kStop : NotifyEvent::kFill;
      e.key = fmt::format("{}:{}", u.client_order_id.value(), u.filled_quantity.to_string());
      const std::string what =
          !stop ? std::string(u.side == OrderSide::kBuy ? "bought" : "sold")
          : (u.type == OrderType::kTakeProfitMarket || u.type == OrderType::kTakeProfitLimit)
              ? "hit its target:"
              : "hit its stop:";
      e.text =
          fmt::format("{} {} {} {} at {} (order {}{})", u.bot.value(), what,
                      u.fill_quantity.to_string_trimmed(), symbol, u.fill_price.to_string_trimmed(),
                      u.client_order_id.value(),
                      u.kind == engine::OrderUpdateKind::kPartiallyFilled ? ", partly filled" : "");
      e.bot = u.bot.value();
      e.symbol = symbol;
      e.ts = u.ts;
      append(e);
    } else if (u.kind == engine::OrderUpdateKind::kDenied) {
      FarmEvent e;
      e.event = NotifyEvent::kDenial;
      e.key = u.client_order_id.value();
      e.text = fmt::format("{}: {} {} {} denied by the risk engine — {}", u.bot.value(),
                           to_string(u.side), u.quantity.to_string_trimmed(), symbol, u.reason);
      e.bot = u.bot.value();
      e.symbol = symbol;
      e.ts = u.ts;
      append(e);
    }
  });
  kernel.bus().subscribe<engine::NotificationRaised>([this](const engine::NotificationRaised& n) {
    if (n.level == engine::NotificationLevel::kInfo) return;
    FarmEvent e;
    const bool risk = n.level == engine::NotificationLevel::kWarning ||
                      mentions(n.text, "kill switch") || mentions(n.text, "halt") ||
                      mentions(n.text, "liquidat") || mentions(n.text, "loss");
    e.event = risk ? NotifyEvent::kRisk : NotifyEvent::kFault;
    e.key = fmt::format("{}:{}", n.text, n.ts.ns());
    e.text = n.text;
    e.ts = n.ts;
    append(e);
  });
  kernel.bus().subscribe<engine::SignalPublished>([this](const engine::SignalPublished& s) {
    FarmEvent e;
    e.event = NotifyEvent::kSignal;
    e.bot = s.bot.value();
    e.symbol = symbol_of(s.instrument);
    e.kind = s.name;
    e.ts = s.ts;
    e.key = fmt::format("{}:{}:{}", e.bot, s.name, s.ts.ns());
    e.text = fmt::format("{} signals {} on {} ({:g}){}", e.bot, s.name, e.symbol, s.value,
                         s.text.empty() ? "" : ": " + s.text);
    append(e);
  });
}

std::string EngineEventBridge::symbol_of(engine::InstrumentIndex i) const {
  const engine::Portfolio& p = kernel_->portfolio();
  return i < p.instrument_count() ? p.instrument(i).symbol().to_string() : std::string("?");
}

void EngineEventBridge::append(const FarmEvent& event) {
  if (auto r = store_->append_event(kNotificationsStream, encode(event)); r.ok()) {
    ++appended_;
  } else {
    ++failed_;
    log_warn("notifications: not written: {}", r.error().message());
  }
}

}  // namespace omega::chat
