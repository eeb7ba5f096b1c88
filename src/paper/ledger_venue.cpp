// Implements LedgerVenue.
#include "paper/ledger_venue.hpp"

#include <fmt/format.h>

#include "backtest/venue_record.hpp"
#include "core/assert.hpp"

namespace omega::paper {

LedgerVenue::LedgerVenue(store::LedgerStore& ledger, backtest::SimulatedExchange& exchange,
                         LedgerIdentity identity, ErrorSink on_error)
    : ledger_(ledger),
      exchange_(exchange),
      identity_(std::move(identity)),
      on_error_(std::move(on_error)) {
  OMEGA_ASSERT(exchange_.client_order_ids().ok(), "LedgerVenue needs the exchange's order record");
  exchange_.set_listener(this);
}

LedgerVenue::~LedgerVenue() {
  if (batch_open_) (void)ledger_.commit_batch();
}

void LedgerVenue::open_batch() {
  if (!in_bar_ || batch_open_ || !batches_) return;
  Result<bool> begun = ledger_.begin_batch();
  if (!begun.ok()) {
    // The writes go out one by one instead: slower, as safe.
    report(Status(begun.error()), "write batch");
    return;
  }
  batch_open_ = *begun;
  batches_ = *begun;
}

void LedgerVenue::end_bar() {
  in_bar_ = false;
  if (!batch_open_) return;
  batch_open_ = false;
  report(ledger_.commit_batch(), "the bar's writes");
}

ClientOrderId LedgerVenue::venue_id(const ClientOrderId& kernel_id) const {
  return ClientOrderId(identity_.id_prefix + kernel_id.value());
}

ClientOrderId LedgerVenue::kernel_id(const ClientOrderId& venue_id) const {
  const std::string& v = venue_id.value();
  if (v.compare(0, identity_.id_prefix.size(), identity_.id_prefix) == 0) {
    return ClientOrderId(v.substr(identity_.id_prefix.size()));
  }
  return venue_id;
}

void LedgerVenue::report(Status status, std::string_view what) {
  if (status.ok() || !on_error_) return;
  on_error_(std::move(status).error().with_context(fmt::format("ledger: {}", what)));
}

void LedgerVenue::update(const ClientOrderId& venue_id, OrderStatus status, Timestamp ts) {
  open_batch();
  report(ledger_.update_order(venue_id, status, backtest::simulated_venue_order_id(venue_id), ts),
         venue_id.value());
}

void LedgerVenue::submit(const engine::VenueOrder& order) {
  engine::VenueOrder sent = order;
  sent.client_order_id = venue_id(order.client_order_id);
  store::OrderRecord record;
  record.bot_id = identity_.bot;
  record.client_order_id = sent.client_order_id;
  record.symbol = identity_.symbol;
  record.side = order.side;
  record.type = order.type;
  // A quote-budget order's quantity is known only when the exchange sizes it.
  record.quantity = order.quantity.value_or(Quantity());
  record.price = order.price;
  record.status = OrderStatus::kSubmitted;
  record.ts_created = order.ts;
  record.ts_updated = order.ts;
  open_batch();
  Result<store::AppendOutcome> recorded = ledger_.append_order(record);
  std::string refused;
  if (!recorded.ok()) {
    refused = fmt::format("ledger: cannot record the order: {}", recorded.error().to_string());
    if (on_error_) on_error_(Error(recorded.error()).with_context(sent.client_order_id.value()));
  } else if (*recorded == store::AppendOutcome::kDuplicate) {
    refused = fmt::format("ledger: client order id {} is already recorded; not sent twice",
                          sent.client_order_id.value());
  }
  if (!refused.empty()) {
    if (next_ != nullptr) next_->on_order_rejected(order.client_order_id, refused, order.ts);
    return;
  }
  exchange_.submit(sent);
}

void LedgerVenue::cancel(const ClientOrderId& id, Timestamp ts) {
  exchange_.cancel(venue_id(id), ts);
}

void LedgerVenue::amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) {
  exchange_.amend_trigger(venue_id(id), trigger, ts);
}

void LedgerVenue::on_order_accepted(const ClientOrderId& id, Timestamp ts) {
  update(id, OrderStatus::kAccepted, ts);
  if (next_ != nullptr) next_->on_order_accepted(kernel_id(id), ts);
}

void LedgerVenue::on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) {
  update(id, OrderStatus::kRejected, ts);
  if (next_ != nullptr) next_->on_order_rejected(kernel_id(id), std::move(reason), ts);
}

void LedgerVenue::on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                                       Timestamp ts) {
  if (next_ != nullptr) next_->on_quantity_resolved(kernel_id(id), quantity, ts);
}

void LedgerVenue::on_order_triggered(const ClientOrderId& id, Timestamp ts) {
  update(id, OrderStatus::kTriggered, ts);
  if (next_ != nullptr) next_->on_order_triggered(kernel_id(id), ts);
}

void LedgerVenue::on_order_filled(const ClientOrderId& id, const Price& price,
                                  const Quantity& quantity, const Money& fee, Liquidity liquidity,
                                  Timestamp ts) {
  // The fill as the exchange recorded it (its trade id included), before the status that it
  // completes: reconcile relies on that order.
  Result<std::optional<store::VenueOrder>> at_venue = exchange_.find_order(id);
  if (!at_venue.ok()) {
    report(Status(at_venue.error()), id.value());
  } else if (*at_venue && !(*at_venue)->fills.empty()) {
    open_batch();
    Result<store::AppendOutcome> added = ledger_.append_fill((*at_venue)->fills.back());
    report(added.ok() ? ok_status() : Status(added.error()), id.value());
    update(id, (*at_venue)->status, ts);
  }
  if (next_ != nullptr) next_->on_order_filled(kernel_id(id), price, quantity, fee, liquidity, ts);
}

void LedgerVenue::on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) {
  update(id, OrderStatus::kCanceled, ts);
  if (next_ != nullptr) next_->on_order_canceled(kernel_id(id), std::move(reason), ts);
}

void LedgerVenue::on_position_liquidated(engine::InstrumentIndex instrument, const Price& price,
                                         const Money& fee, Timestamp ts) {
  if (next_ != nullptr) next_->on_position_liquidated(instrument, price, fee, ts);
}

void LedgerVenue::on_funding(engine::InstrumentIndex instrument, const Rate& rate,
                             const Price& mark, Timestamp ts) {
  if (next_ != nullptr) next_->on_funding(instrument, rate, mark, ts);
}

}  // namespace omega::paper
