#include "chat/control/control_consumer.hpp"

#include <chrono>
#include <vector>

#include <fmt/format.h>

#include "chat/farm_state.hpp"
#include "core/log.hpp"

namespace omega::chat {
namespace {

int rank(std::string_view role) {
  if (role == "admin") return 2;
  if (role == "trader") return 1;
  return 0;
}

ControlResult make_result(const ControlCommand& c, std::string status, std::string detail) {
  ControlResult r;
  r.id = c.id;
  r.action = c.action;
  r.user = c.user;
  r.status = std::move(status);
  r.detail = std::move(detail);
  return r;
}

Result<engine::InstrumentIndex> instrument_of(const engine::Kernel& kernel,
                                              const std::string& symbol) {
  const engine::Portfolio& p = kernel.portfolio();
  for (std::size_t i = 0; i < p.instrument_count(); ++i) {
    const auto index = static_cast<engine::InstrumentIndex>(i);
    if (p.instrument(index).symbol().to_string() == symbol) return index;
  }
  return Error(ErrorCode::kNotFound, fmt::format("the farm does not trade {}", symbol));
}

}  // namespace

ControlConsumer::ControlConsumer(store::Store& store, engine::Kernel& kernel, std::string consumer)
    : ControlConsumer(store, std::vector<engine::Kernel*>{&kernel}, std::move(consumer)) {}

ControlConsumer::ControlConsumer(store::Store& store, std::vector<engine::Kernel*> kernels,
                                 std::string consumer)
    : store_(&store), kernels_(std::move(kernels)), consumer_(std::move(consumer)), clock_([] {
        return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
      }) {}

Timestamp ControlConsumer::now() const {
  return clock_();
}

Status ControlConsumer::start() {
  OMEGA_TRY(store_->create_group_from_start(kControlStream, kControlGroup));
  started_ = true;
  // Entries an earlier run read but never acknowledged: handled again (idempotently).
  for (;;) {
    OMEGA_ASSIGN_OR_RETURN(auto pending,
                           store_->claim_pending(kControlStream, kControlGroup, consumer_,
                                                 std::chrono::milliseconds(0), 64));
    for (const store::StreamEntry& e : pending) OMEGA_TRY(handle(e));
    if (pending.size() < 64) break;
  }
  return ok_status();
}

Result<std::size_t> ControlConsumer::poll(std::size_t max) {
  if (!started_) OMEGA_TRY(start());
  OMEGA_ASSIGN_OR_RETURN(auto entries,
                         store_->read_group(kControlStream, kControlGroup, consumer_, max));
  for (const store::StreamEntry& e : entries) OMEGA_TRY(handle(e));
  return entries.size();
}

Status ControlConsumer::publish_state() {
  bool halted = false;
  bool kill = false;
  for (engine::Kernel* k : kernels_) {
    for (const engine::BotId& id : k->bot_ids()) {
      OMEGA_ASSIGN_OR_RETURN(engine::BotRunState s, k->bot_state(id));
      OMEGA_TRY(put_state(*store_, id.value(), farm_keys::kRunState, engine::to_string(s)));
    }
    halted = halted || k->risk().halted();
    kill = kill || k->risk().kill_switch_tripped();
  }
  OMEGA_TRY(put_state(*store_, kFarmStateBot, farm_keys::kHalted, halted ? "true" : "false"));
  OMEGA_TRY(put_state(*store_, kFarmStateBot, farm_keys::kKillSwitch, kill ? "true" : "false"));
  return ok_status();
}

Status ControlConsumer::handle(const store::StreamEntry& entry) {
  const std::string ids[] = {entry.id};
  auto command = decode_command(entry.payload);
  if (!command.ok()) {
    // Nothing to answer to: audit it, acknowledge it, move on.
    log_warn("control: dropped entry {}: {}", entry.id, command.error().message());
    OMEGA_TRY(store_->append_audit(
        {now(), "system", "control.invalid", entry.id, "failed: " + command.error().message()}));
    return store_->ack(kControlStream, kControlGroup, ids);
  }
  const store::BotId owner{std::string(kControlStateBot)};
  const std::string key = "cmd:" + command->id;
  ControlResult result;
  auto claimed = store_->compare_and_set_state(owner, key, 0, "applying");
  if (!claimed.ok()) {
    if (claimed.error().code() != ErrorCode::kState) return claimed.error();
    OMEGA_ASSIGN_OR_RETURN(auto seen, store_->get_state(owner, key));
    if (seen && seen->value != "applying") {
      // Applied and answered before (a redelivery): nothing to do.
      return store_->ack(kControlStream, kControlGroup, ids);
    }
    // Claimed by a run that stopped before answering: never applied twice, so say so.
    result = make_result(*command, "failed",
                         "interrupted before its result was recorded; check /orders and /status");
  } else {
    result = apply(*command);
  }
  result.ts = now();
  OMEGA_TRY(put_state(*store_, kControlStateBot, key, encode(result)));
  OMEGA_TRY(store_->append_event(kControlResultsStream, encode(result)));
  OMEGA_TRY(store_->append_audit({result.ts, "user:" + command->user, "control." + command->action,
                                  command->id, result.status + ": " + result.detail}));
  (void)store_->publish(kControlResultsStream, encode(result));  // live listeners; none is fine
  OMEGA_TRY(publish_state());
  return store_->ack(kControlStream, kControlGroup, ids);
}

ControlResult ControlConsumer::apply(const ControlCommand& c) {
  if (rank(c.role) < rank(required_role(c.action))) {
    return make_result(c, "rejected",
                       fmt::format("{} needs the {} role; {} has {}", c.action,
                                   required_role(c.action), c.user, c.role));
  }
  if (expires(c.action) && c.ts + kCommandTtl < now()) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now() - c.ts);
    return make_result(
        c, "rejected",
        fmt::format("expired: sent {} s ago; {} is applied within {} s of being "
                    "sent, never later (send it again)",
                    age.count(), c.action,
                    std::chrono::duration_cast<std::chrono::seconds>(kCommandTtl).count()));
  }
  if (kernels_.empty()) return make_result(c, "failed", "the farm runs no bots");
  const std::string by =
      fmt::format("by {} via {}", c.user, c.front_end.empty() ? "chat" : c.front_end);
  if (c.action == "halt") {
    for (engine::Kernel* k : kernels_) k->halt(by);
    (void)put_state(*store_, kFarmStateBot, farm_keys::kHaltReason, by);
    return make_result(c, "ok", "trading halted: new entries are refused, exits still pass");
  }
  if (c.action == "resume") {
    bool was = false;
    for (engine::Kernel* k : kernels_) {
      was = was || k->risk().halted();
      k->resume();
    }
    (void)put_state(*store_, kFarmStateBot, farm_keys::kHaltReason, "");
    return make_result(c, "ok",
                       was ? "trading resumed" : "trading was not halted; nothing changed");
  }
  if (c.action.starts_with("bot.")) {
    const std::string verb = c.action.substr(4);
    const engine::BotRunState to = verb == "start"   ? engine::BotRunState::kRunning
                                   : verb == "pause" ? engine::BotRunState::kPaused
                                                     : engine::BotRunState::kStopped;
    for (engine::Kernel* k : kernels_) {
      if (!k->bot_state(engine::BotId(c.bot)).ok()) continue;
      auto before = k->set_bot_state(engine::BotId(c.bot), to);
      if (!before.ok()) return make_result(c, "failed", before.error().message());
      return make_result(c, "ok",
                         fmt::format("bot {}: {} -> {}", c.bot, engine::to_string(*before),
                                     engine::to_string(to)));
    }
    return make_result(c, "failed", fmt::format("no bot '{}'", c.bot));
  }
  if (c.action == "cancel") {
    std::string last = "no open order " + c.order;
    for (engine::Kernel* k : kernels_) {
      Status s = k->cancel(ClientOrderId(c.order));
      if (s.ok()) return make_result(c, "ok", "cancel sent for order " + c.order);
      last = s.error().message();
    }
    return make_result(c, "failed", last);
  }
  // buy, sell, close: a manual order through the risk engine of the kernel trading the symbol
  // (the named bot's, when a bot is named).
  engine::Kernel* k = nullptr;
  engine::InstrumentIndex instrument = 0;
  for (engine::Kernel* candidate : kernels_) {
    if (!c.bot.empty() && !candidate->bot_state(engine::BotId(c.bot)).ok()) continue;
    if (auto i = instrument_of(*candidate, c.symbol); i.ok()) {
      k = candidate;
      instrument = *i;
      break;
    }
  }
  if (k == nullptr)
    return make_result(c, "failed", fmt::format("the farm does not trade {}", c.symbol));
  engine::SubmitOrder order;
  order.instrument = instrument;
  order.tag = "chat:" + c.user;
  if (c.action == "close") {
    const Quantity& q = k->portfolio().position(instrument).quantity();
    if (q.is_zero()) return make_result(c, "failed", "no open position in " + c.symbol);
    order.side = q.is_positive() ? OrderSide::kSell : OrderSide::kBuy;
    order.quantity = q.abs().value();
    order.type = OrderType::kMarket;
    order.reduce_only = true;
  } else {
    auto q = Quantity::parse(c.quantity);
    if (!q.ok()) return make_result(c, "failed", "bad quantity '" + c.quantity + "'");
    order.side = c.action == "buy" ? OrderSide::kBuy : OrderSide::kSell;
    order.quantity = *q;
    if (!c.price.empty()) {
      auto p = Price::parse(c.price);
      if (!p.ok()) return make_result(c, "failed", "bad price '" + c.price + "'");
      order.type = OrderType::kLimit;
      order.price = *p;
    }
  }
  auto id = k->submit(engine::BotId(c.bot.empty() ? "manual" : c.bot), order);
  if (!id.ok()) {
    const bool denied = id.error().code() == ErrorCode::kRejected;
    return make_result(c, denied ? "rejected" : "failed", id.error().message());
  }
  return make_result(c, "ok",
                     fmt::format("order {} submitted: {} {} {}", id->value(), to_string(order.side),
                                 order.quantity->to_string_trimmed(), c.symbol));
}

}  // namespace omega::chat
