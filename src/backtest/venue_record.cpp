// Implements VenueRecord: per-order status and fills from the simulated exchange's reports.
#include "backtest/venue_record.hpp"

#include <utility>

#include <fmt/format.h>

namespace omega::backtest {

VenueOrderId simulated_venue_order_id(const ClientOrderId& id) {
  return VenueOrderId("sim-" + id.value());
}

TradeId simulated_trade_id(const ClientOrderId& id, std::size_t ordinal) {
  return TradeId(fmt::format("sim-{}-{}", id.value(), ordinal));
}

VenueRecord::VenueRecord(const engine::Portfolio& portfolio, store::BotId bot)
    : portfolio_(portfolio), bot_(std::move(bot)) {}

VenueRecord::Entry* VenueRecord::find(const ClientOrderId& id) {
  auto it = entries_.find(id.value());
  return it == entries_.end() ? nullptr : &it->second;
}

void VenueRecord::settle(Entry& entry, OrderStatus status) {
  if (!is_terminal(entry.status)) entry.status = status;
}

void VenueRecord::on_submit(const engine::VenueOrder& order) {
  // A second order with a client id the venue already holds does not replace the first: the
  // record keeps what the id first named (reconciliation asks about that one).
  auto [it, fresh] = entries_.try_emplace(order.client_order_id.value());
  if (!fresh) return;
  it->second.order = order;
  it->second.quantity = order.quantity;
  received_.push_back(order.client_order_id);
}

void VenueRecord::on_order_accepted(const ClientOrderId& id, Timestamp ts) {
  if (Entry* e = find(id); e != nullptr && e->status == OrderStatus::kSubmitted) {
    e->status = OrderStatus::kAccepted;
  }
  if (downstream_ != nullptr) downstream_->on_order_accepted(id, ts);
}

void VenueRecord::on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) {
  if (Entry* e = find(id)) settle(*e, OrderStatus::kRejected);
  if (downstream_ != nullptr) downstream_->on_order_rejected(id, std::move(reason), ts);
}

void VenueRecord::on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                                       Timestamp ts) {
  if (Entry* e = find(id)) e->quantity = quantity;
  if (downstream_ != nullptr) downstream_->on_quantity_resolved(id, quantity, ts);
}

void VenueRecord::on_order_triggered(const ClientOrderId& id, Timestamp ts) {
  if (Entry* e = find(id); e != nullptr && e->status == OrderStatus::kAccepted) {
    e->status = OrderStatus::kTriggered;
  }
  if (downstream_ != nullptr) downstream_->on_order_triggered(id, ts);
}

void VenueRecord::on_order_filled(const ClientOrderId& id, const Price& price,
                                  const Quantity& quantity, const Money& fee, Liquidity liquidity,
                                  Timestamp ts) {
  if (Entry* e = find(id)) {
    const Symbol& symbol = portfolio_.instrument(e->order.instrument).symbol();
    store::FillRecord f;
    f.bot_id = bot_;
    f.symbol = symbol;
    f.fill.trade_id = simulated_trade_id(id, e->fills.size() + 1);
    f.fill.client_order_id = id;
    f.fill.venue_order_id = simulated_venue_order_id(id);
    f.fill.side = e->order.side;
    f.fill.price = price;
    f.fill.quantity = quantity;
    f.fill.fee = fee;
    // Fees are charged in the settlement currency (the quote currency for spot).
    f.fill.fee_currency = symbol.is_contract() ? symbol.settle() : symbol.quote();
    f.fill.liquidity = liquidity;
    f.fill.ts_event = ts;
    e->fills.push_back(std::move(f));
    e->filled = e->filled ? e->filled->add(quantity).value_or(*e->filled) : quantity;
    const bool complete = e->quantity && !(*e->filled < *e->quantity);
    settle(*e, complete ? OrderStatus::kFilled : OrderStatus::kPartiallyFilled);
  }
  if (downstream_ != nullptr) {
    downstream_->on_order_filled(id, price, quantity, fee, liquidity, ts);
  }
}

void VenueRecord::on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) {
  if (Entry* e = find(id)) settle(*e, OrderStatus::kCanceled);
  if (downstream_ != nullptr) downstream_->on_order_canceled(id, std::move(reason), ts);
}

void VenueRecord::on_position_liquidated(engine::InstrumentIndex instrument, const Price& price,
                                         const Money& fee, Timestamp ts) {
  if (downstream_ != nullptr) downstream_->on_position_liquidated(instrument, price, fee, ts);
}

void VenueRecord::on_funding(engine::InstrumentIndex instrument, const Rate& rate,
                             const Price& mark, Timestamp ts) {
  if (downstream_ != nullptr) downstream_->on_funding(instrument, rate, mark, ts);
}

Result<std::optional<store::VenueOrder>> VenueRecord::find_order(const ClientOrderId& id) {
  const Entry* e = find(id);
  if (e == nullptr) return std::optional<store::VenueOrder>();
  return std::optional<store::VenueOrder>(
      store::VenueOrder{id, simulated_venue_order_id(id), e->status, e->fills});
}

Result<std::vector<ClientOrderId>> VenueRecord::client_order_ids() {
  return received_;
}

}  // namespace omega::backtest
