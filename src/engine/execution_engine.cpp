// Implements ExecutionEngine: lifecycle bookkeeping, fills into the portfolio, brackets, trailing.
#include "engine/execution_engine.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/id_text.hpp"

namespace omega::engine {

ExecutionEngine::ExecutionEngine(const Clock& clock, MessageBus& bus, Portfolio& portfolio,
                                 ExecutionVenue& venue)
    : clock_(clock), bus_(bus), portfolio_(portfolio), venue_(venue) {
  venue_.set_listener(this);
}

OrderUpdated ExecutionEngine::update_of(const ClientOrderId& id, const Entry& entry,
                                        OrderUpdateKind kind, Timestamp ts) const {
  OrderUpdated u;
  u.kind = kind;
  u.client_order_id = id;
  u.order_seq = entry.seq;
  u.bot = entry.bot;
  u.instrument = entry.command.instrument;
  u.side = entry.command.side;
  u.type = entry.command.type;
  if (entry.order) {
    u.quantity = entry.order->quantity();
    u.filled_quantity = entry.order->filled_quantity();
  } else if (entry.command.quantity) {
    u.quantity = *entry.command.quantity;
  }
  u.price = entry.command.price;
  u.trigger_price = entry.command.trigger_price;
  u.reduce_only = entry.command.reduce_only;
  u.tag = entry.command.tag;
  u.ts = ts;
  return u;
}

void ExecutionEngine::notify_error(const std::string& text, Timestamp ts) {
  bus_.publish(NotificationRaised{NotificationLevel::kCritical, text, ts});
}

Status ExecutionEngine::ensure_order(const ClientOrderId& id, Entry& entry,
                                     const Quantity& quantity, Timestamp ts) {
  if (entry.order) return ok_status();
  OrderSpec spec;
  spec.client_order_id = id;
  spec.symbol = portfolio_.instrument(entry.command.instrument).symbol();
  spec.side = entry.command.side;
  spec.type = entry.command.type;
  spec.quantity = quantity;
  spec.price = entry.command.price;
  spec.trigger_price = entry.command.trigger_price;
  spec.time_in_force = entry.command.time_in_force;
  spec.reduce_only = entry.command.reduce_only;
  spec.ts_init = ts;
  OMEGA_ASSIGN_OR_RETURN(Order order, Order::create(std::move(spec)));
  OMEGA_TRY(order.submit(ts));
  entry.order = std::move(order);
  return ok_status();
}

void ExecutionEngine::submit(const BotId& bot, const ClientOrderId& id,
                             const SubmitOrder& command) {
  const Timestamp ts = clock_.now();
  Entry entry;
  entry.bot = bot;
  entry.command = command;
  entry.seq = next_seq_++;
  if (command.quantity) {
    Status built = ensure_order(id, entry, *command.quantity, ts);
    if (!built.ok()) {
      OrderUpdated u = update_of(id, entry, OrderUpdateKind::kRejected, ts);
      u.reason = built.error().message();
      bus_.publish(u);
      return;
    }
  } else if (!command.quote_budget || !command.quote_budget->is_positive() ||
             command.type != OrderType::kMarket) {
    OrderUpdated u = update_of(id, entry, OrderUpdateKind::kRejected, ts);
    u.reason = "an order needs a quantity, or a positive quote budget on a market order";
    bus_.publish(u);
    return;
  }
  auto [it, inserted] = entries_.emplace(id, std::move(entry));
  if (!inserted) {
    notify_error(fmt::format("duplicate client order id {}", id.value()), ts);
    return;
  }
  ++open_count_;
  open_ids_.push_back(id);
  if (it->second.command.trailing_offset && it->second.command.trigger_price) ++trailing_count_;
  bus_.publish(update_of(id, it->second, OrderUpdateKind::kSubmitted, ts));
  VenueOrder v;
  v.client_order_id = id;
  v.instrument = command.instrument;
  v.side = command.side;
  v.type = command.type;
  v.quantity = command.quantity;
  v.quote_budget = command.quote_budget;
  v.budget_fee_reserve = command.budget_fee_reserve;
  v.price = command.price;
  v.trigger_price = command.trigger_price;
  v.time_in_force = command.time_in_force;
  v.reduce_only = command.reduce_only;
  v.ts = ts;
  venue_.submit(v);
}

Status ExecutionEngine::cancel(const ClientOrderId& id) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.open) {
    return Error(ErrorCode::kNotFound, fmt::format("no open order {}", id.value()));
  }
  if (it->second.order) {
    Status s = it->second.order->request_cancel(clock_.now());
    (void)s;  // an order still being submitted cancels straight away at the venue
  }
  venue_.cancel(id, clock_.now());
  return ok_status();
}

const Order* ExecutionEngine::order(const ClientOrderId& id) const {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.order) return nullptr;
  return &*it->second.order;
}

std::vector<ClientOrderId> ExecutionEngine::open_orders(InstrumentIndex instrument) const {
  std::vector<ClientOrderId> ids;
  for (const ClientOrderId& id : open_ids_) {
    auto it = entries_.find(id);
    if (it != entries_.end() && it->second.command.instrument == instrument) ids.push_back(id);
  }
  return ids;
}

void ExecutionEngine::close_entry(const ClientOrderId& id, Entry& entry) {
  if (!entry.open) return;
  entry.open = false;
  open_ids_.erase(std::find(open_ids_.begin(), open_ids_.end(), id));
  --open_count_;
  if (entry.command.trailing_offset && entry.command.trigger_price) --trailing_count_;
}

void ExecutionEngine::on_order_accepted(const ClientOrderId& id, Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (entry.order) {
    Status s = entry.order->accept(VenueOrderId(std::string("V").append(id.value())), ts);
    if (!s.ok()) notify_error(s.error().to_string(), ts);
  }
  bus_.publish(update_of(id, entry, OrderUpdateKind::kAccepted, ts));
}

void ExecutionEngine::on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (entry.order) (void)entry.order->reject(reason, ts);
  close_entry(id, entry);
  OrderUpdated u = update_of(id, entry, OrderUpdateKind::kRejected, ts);
  u.reason = std::move(reason);
  entries_.erase(it);
  bus_.publish(u);
}

void ExecutionEngine::on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                                           Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  Status built = ensure_order(id, entry, quantity, ts);
  if (!built.ok()) {
    notify_error(built.error().to_string(), ts);
    return;
  }
  (void)entry.order->accept(VenueOrderId(std::string("V").append(id.value())), ts);
}

void ExecutionEngine::on_order_triggered(const ClientOrderId& id, Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (it->second.order) (void)it->second.order->trigger(ts);
  bus_.publish(update_of(id, it->second, OrderUpdateKind::kTriggered, ts));
}

void ExecutionEngine::on_order_filled(const ClientOrderId& id, const Price& price,
                                      const Quantity& quantity, const Money& fee,
                                      Liquidity liquidity, Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.order) {
    notify_error(fmt::format("fill for unknown order {}", id.value()), ts);
    return;
  }
  Entry& entry = it->second;
  const InstrumentIndex instrument = entry.command.instrument;
  Fill fill;
  fill.trade_id = TradeId(id_text("T", '\0', next_trade_++));
  fill.client_order_id = id;
  fill.venue_order_id = entry.order->venue_order_id();
  fill.side = entry.command.side;
  fill.price = price;
  fill.quantity = quantity;
  fill.fee = fee;
  fill.fee_currency = portfolio_.instrument(instrument).symbol().quote();
  fill.liquidity = liquidity;
  fill.ts_event = ts;
  Status applied = entry.order->apply_fill(fill);
  if (!applied.ok()) {
    notify_error(fmt::format("order {}: {}", id.value(), applied.error().to_string()), ts);
    return;
  }
  auto position_kind = portfolio_.apply_fill(instrument, fill.side, price, quantity, fee, ts);
  if (!position_kind.ok()) {
    notify_error(fmt::format("order {}: {}", id.value(), position_kind.error().to_string()), ts);
    return;
  }
  const bool done = entry.order->is_done();
  OrderUpdated u =
      update_of(id, entry, done ? OrderUpdateKind::kFilled : OrderUpdateKind::kPartiallyFilled, ts);
  u.fill_price = price;
  u.fill_quantity = quantity;
  u.fee = fee;
  if (done) close_entry(id, entry);
  // Copies: handlers below may submit orders and rehash entries_.
  const ClientOrderId sibling = entry.oco_sibling;
  const bool has_brackets = done && (entry.command.stop_loss || entry.command.take_profit);
  bus_.publish(u);
  const Position& position = portfolio_.position(instrument);
  PositionChanged pc;
  pc.kind = *position_kind;
  pc.instrument = instrument;
  pc.quantity = position.quantity();
  pc.entry_cost = position.entry_cost();
  pc.realized_pnl = position.realized_pnl();
  pc.ts = ts;
  bus_.publish(pc);
  if (done && !sibling.empty()) {
    auto sib = entries_.find(sibling);
    if (sib != entries_.end() && sib->second.open) venue_.cancel(sibling, ts);
  }
  if (has_brackets) {
    auto parent = entries_.find(id);
    place_brackets(id, parent->second, ts);
  }
  if (portfolio_.position(instrument).is_flat()) cancel_reduce_only(instrument, ts);
  // Finished orders leave the table, which keeps lookups on the hot path short; their story
  // lives on in the published events.
  if (done) {
    // A copy on purpose: `id` may alias the key being erased.
    const ClientOrderId finished = id;  // NOLINT(performance-unnecessary-copy-initialization)
    entries_.erase(finished);
  }
}

void ExecutionEngine::on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.open) return;
  Entry& entry = it->second;
  if (entry.order) (void)entry.order->cancel(ts);
  close_entry(id, entry);
  OrderUpdated u = update_of(id, entry, OrderUpdateKind::kCanceled, ts);
  u.reason = std::move(reason);
  entries_.erase(it);
  bus_.publish(u);
}

void ExecutionEngine::on_position_liquidated(InstrumentIndex instrument, const Price& price,
                                             const Money& fee, Timestamp ts) {
  Status done = portfolio_.liquidate(instrument, price, fee, ts);
  if (!done.ok()) {
    notify_error(done.error().to_string(), ts);
    return;
  }
  const Position& position = portfolio_.position(instrument);
  PositionChanged pc;
  pc.kind = PositionChangeKind::kLiquidated;
  pc.instrument = instrument;
  pc.quantity = position.quantity();
  pc.entry_cost = position.entry_cost();
  pc.realized_pnl = position.realized_pnl();
  pc.amount = fee;
  pc.ts = ts;
  bus_.publish(pc);
  bus_.publish(NotificationRaised{
      NotificationLevel::kCritical,
      fmt::format("{} liquidated at {}", portfolio_.instrument(instrument).symbol().to_string(),
                  price.to_string()),
      ts});
  // Every order on the instrument dies with the position (venues cancel them too).
  for (const ClientOrderId& id : open_orders(instrument)) venue_.cancel(id, ts);
}

void ExecutionEngine::on_funding(InstrumentIndex instrument, const Rate& rate, const Price& mark,
                                 Timestamp ts) {
  auto paid = portfolio_.apply_funding(instrument, rate, mark, ts);
  if (!paid.ok()) {
    notify_error(paid.error().to_string(), ts);
    return;
  }
  if (paid->is_zero()) return;
  const Position& position = portfolio_.position(instrument);
  PositionChanged pc;
  pc.kind = PositionChangeKind::kFunded;
  pc.instrument = instrument;
  pc.quantity = position.quantity();
  pc.entry_cost = position.entry_cost();
  pc.realized_pnl = position.realized_pnl();
  pc.amount = *paid;
  pc.ts = ts;
  bus_.publish(pc);
}

void ExecutionEngine::route(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command) {
  if (router_) {
    router_(bot, id, command);
  } else {
    submit(bot, id, command);
  }
}

void ExecutionEngine::place_brackets(const ClientOrderId& parent, Entry& entry, Timestamp ts) {
  const Quantity quantity = entry.order->filled_quantity();
  const SubmitOrder parent_command = entry.command;
  const BotId bot = entry.bot;
  SubmitOrder base;
  base.instrument = parent_command.instrument;
  base.side = opposite(parent_command.side);
  base.quantity = quantity;
  base.reduce_only = true;
  const ClientOrderId sl_id(fmt::format("{}-sl", parent.value()));
  const ClientOrderId tp_id(fmt::format("{}-tp", parent.value()));
  const bool both = parent_command.stop_loss && parent_command.take_profit;
  if (parent_command.stop_loss) {
    SubmitOrder sl = base;
    sl.type = OrderType::kStopMarket;
    sl.trigger_price = parent_command.stop_loss;
    sl.trailing_offset = parent_command.trailing_offset;
    sl.tag = "stop_loss";
    route(bot, sl_id, sl);
    if (auto it = entries_.find(sl_id); both && it != entries_.end())
      it->second.oco_sibling = tp_id;
  }
  if (parent_command.take_profit) {
    SubmitOrder tp = base;
    tp.type = OrderType::kTakeProfitMarket;
    tp.trigger_price = parent_command.take_profit;
    tp.tag = "take_profit";
    route(bot, tp_id, tp);
    if (auto it = entries_.find(tp_id); both && it != entries_.end())
      it->second.oco_sibling = sl_id;
  }
  (void)ts;
}

void ExecutionEngine::cancel_reduce_only(InstrumentIndex instrument, Timestamp ts) {
  if (open_count_ == 0) return;
  for (const ClientOrderId& id : open_orders(instrument)) {
    auto it = entries_.find(id);
    if (it != entries_.end() && it->second.command.reduce_only) venue_.cancel(id, ts);
  }
}

void ExecutionEngine::move_trailing_stops(InstrumentIndex instrument, const Candle& candle) {
  const Instrument& spec = portfolio_.instrument(instrument);
  for (const ClientOrderId& id : std::vector<ClientOrderId>(open_ids_)) {
    Entry& entry = entries_.find(id)->second;
    SubmitOrder& c = entry.command;
    if (!entry.open || c.instrument != instrument || !c.trailing_offset || !c.trigger_price) {
      continue;
    }
    // A sell stop trails the highest high by the offset; a buy stop the lowest low.
    const bool sell = c.side == OrderSide::kSell;
    Price best = sell ? candle.high : candle.low;
    if (entry.trail_best && (sell ? *entry.trail_best > best : *entry.trail_best < best)) {
      best = *entry.trail_best;
    }
    entry.trail_best = best;
    auto moved = sell ? best.sub(*c.trailing_offset) : best.add(*c.trailing_offset);
    if (!moved.ok()) continue;
    auto on_grid = spec.round_price(*moved, sell ? Rounding::kFloor : Rounding::kCeil);
    if (!on_grid.ok()) continue;
    const bool better = sell ? *on_grid > *c.trigger_price : *on_grid < *c.trigger_price;
    if (!better || !on_grid->is_positive()) continue;
    c.trigger_price = *on_grid;
    if (entry.order) {
      Status amended = entry.order->amend_trigger(*on_grid, clock_.now());
      if (!amended.ok()) notify_error(amended.error().to_string(), clock_.now());
    }
    venue_.amend_trigger(id, *on_grid, clock_.now());
    bus_.publish(update_of(id, entry, OrderUpdateKind::kAmended, clock_.now()));
  }
}

}  // namespace omega::engine
