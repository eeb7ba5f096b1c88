// Provides ExecutionEngine: the order lifecycle between the risk engine and a venue — client
// order ids, the model state machine per order, fills into the portfolio, attached
// stop-loss/take-profit (one-cancels-other), trailing stops and reduce-only clean-up.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/clock.hpp"
#include "engine/message_bus.hpp"
#include "engine/messages.hpp"
#include "engine/portfolio.hpp"
#include "engine/venue.hpp"
#include "model/order.hpp"

namespace omega::engine {

// Tracks every order the kernel sent. Fills update the Portfolio first and then publish
// OrderUpdated and PositionChanged, so a handler always sees the account after the fill.
class ExecutionEngine final : public VenueListener {
 public:
  ExecutionEngine(const Clock& clock, MessageBus& bus, Portfolio& portfolio, ExecutionVenue& venue);
  ExecutionEngine(const ExecutionEngine&) = delete;
  ExecutionEngine& operator=(const ExecutionEngine&) = delete;

  // Sends a risk-checked command with its id; publishes kSubmitted.
  void submit(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command);
  // Where the orders this engine places itself (the stop-loss and take-profit of a filled
  // entry) go: the kernel routes them through the risk engine like every order. Unset, they go
  // straight to submit().
  using OrderRouter = std::function<void(const BotId&, const ClientOrderId&, const SubmitOrder&)>;
  void set_router(OrderRouter router) { router_ = std::move(router); }
  // Asks the venue to cancel; kNotFound for an unknown or finished order.
  Status cancel(const ClientOrderId& id);
  // Moves trailing stops after a bar closed (the new trigger applies from the next bar).
  void on_candle(InstrumentIndex instrument, const Candle& candle) {
    if (trailing_count_ > 0) move_trailing_stops(instrument, candle);
  }

  // Returns the number of open orders (all bots), and on one instrument.
  std::int32_t open_order_count() const { return open_count_; }
  // Returns the model order while it is open (finished orders are dropped; their events remain).
  const Order* order(const ClientOrderId& id) const;
  // Returns the open orders' ids on an instrument, in submission order.
  std::vector<ClientOrderId> open_orders(InstrumentIndex instrument) const;

  void on_order_accepted(const ClientOrderId& id, Timestamp ts) override;
  void on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                            Timestamp ts) override;
  void on_order_triggered(const ClientOrderId& id, Timestamp ts) override;
  void on_order_filled(const ClientOrderId& id, const Price& price, const Quantity& quantity,
                       const Money& fee, Liquidity liquidity, Timestamp ts) override;
  void on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_position_liquidated(InstrumentIndex instrument, const Price& price, const Money& fee,
                              Timestamp ts) override;
  void on_funding(InstrumentIndex instrument, const Rate& rate, const Price& mark,
                  Timestamp ts) override;

 private:
  struct Entry {
    BotId bot;
    SubmitOrder command;
    std::optional<Order> order;  // built once the quantity is known
    bool open = true;
    std::uint64_t seq = 0;
    ClientOrderId oco_sibling;
    std::optional<Price> trail_best;
  };
  OrderUpdated update_of(const ClientOrderId& id, const Entry& entry, OrderUpdateKind kind,
                         Timestamp ts) const;
  void close_entry(const ClientOrderId& id, Entry& entry);
  void place_brackets(const ClientOrderId& parent, Entry& entry, Timestamp ts);
  void route(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command);
  void cancel_reduce_only(InstrumentIndex instrument, Timestamp ts);
  Status ensure_order(const ClientOrderId& id, Entry& entry, const Quantity& quantity,
                      Timestamp ts);
  void notify_error(const std::string& text, Timestamp ts);
  void move_trailing_stops(InstrumentIndex instrument, const Candle& candle);

  const Clock& clock_;
  MessageBus& bus_;
  Portfolio& portfolio_;
  ExecutionVenue& venue_;
  OrderRouter router_;
  std::unordered_map<ClientOrderId, Entry> entries_;
  std::vector<ClientOrderId> open_ids_;  // submission order
  std::int32_t open_count_ = 0;
  std::int32_t trailing_count_ = 0;
  std::uint64_t next_seq_ = 1;
  std::uint64_t next_trade_ = 1;
};

}  // namespace omega::engine
