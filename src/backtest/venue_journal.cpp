// Implements VenueJournal.
#include "backtest/venue_journal.hpp"

#include "engine/id_text.hpp"

namespace omega::backtest {

void VenueJournal::on_received(const engine::VenueOrder& order) {
  JournalOrder o;
  o.client_order_id = order.client_order_id;
  o.venue_order_id = VenueOrderId(engine::id_text("sim", '-', orders_.size() + 1));
  o.side = order.side;
  o.quantity = order.quantity;
  index_.emplace(order.client_order_id, orders_.size());
  orders_.push_back(std::move(o));
}

const JournalOrder* VenueJournal::find(const ClientOrderId& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &orders_[it->second];
}

JournalOrder* VenueJournal::find_mutable(const ClientOrderId& id) {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &orders_[it->second];
}

std::vector<ClientOrderId> VenueJournal::client_order_ids() const {
  std::vector<ClientOrderId> ids;
  ids.reserve(orders_.size());
  for (const JournalOrder& o : orders_) ids.push_back(o.client_order_id);
  return ids;
}

void VenueJournal::on_order_accepted(const ClientOrderId& id, Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) o->status = OrderStatus::kAccepted;
  if (next_ != nullptr) next_->on_order_accepted(id, ts);
}

void VenueJournal::on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) o->status = OrderStatus::kRejected;
  if (next_ != nullptr) next_->on_order_rejected(id, std::move(reason), ts);
}

void VenueJournal::on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                                        Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) o->quantity = quantity;
  if (next_ != nullptr) next_->on_quantity_resolved(id, quantity, ts);
}

void VenueJournal::on_order_triggered(const ClientOrderId& id, Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) o->status = OrderStatus::kTriggered;
  if (next_ != nullptr) next_->on_order_triggered(id, ts);
}

void VenueJournal::on_order_filled(const ClientOrderId& id, const Price& price,
                                   const Quantity& quantity, const Money& fee, Liquidity liquidity,
                                   Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) {
    Fill f;
    f.trade_id = TradeId(engine::id_text(o->venue_order_id.value(), '-', o->fills.size() + 1));
    f.client_order_id = id;
    f.venue_order_id = o->venue_order_id;
    f.side = o->side;
    f.price = price;
    f.quantity = quantity;
    f.fee = fee;
    f.liquidity = liquidity;
    f.ts_event = ts;
    o->fills.push_back(std::move(f));
    o->filled = o->filled.add(quantity).value_or(o->filled);
    const bool complete = o->quantity && !(o->filled < *o->quantity);
    o->status = complete ? OrderStatus::kFilled : OrderStatus::kPartiallyFilled;
  }
  if (next_ != nullptr) next_->on_order_filled(id, price, quantity, fee, liquidity, ts);
}

void VenueJournal::on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) {
  if (JournalOrder* o = find_mutable(id)) o->status = OrderStatus::kCanceled;
  if (next_ != nullptr) next_->on_order_canceled(id, std::move(reason), ts);
}

void VenueJournal::on_position_liquidated(engine::InstrumentIndex instrument, const Price& price,
                                          const Money& fee, Timestamp ts) {
  if (next_ != nullptr) next_->on_position_liquidated(instrument, price, fee, ts);
}

void VenueJournal::on_funding(engine::InstrumentIndex instrument, const Rate& rate,
                              const Price& mark, Timestamp ts) {
  if (next_ != nullptr) next_->on_funding(instrument, rate, mark, ts);
}

}  // namespace omega::backtest
