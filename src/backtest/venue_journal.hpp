// Provides VenueJournal: the simulated exchange's own record of every order it received (its
// venue id, status and fills), kept on request so that a paper run's ledger can be reconciled
// against the venue of record as it would be against a real exchange.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/venue.hpp"
#include "model/fill.hpp"
#include "model/order_status.hpp"

namespace omega::backtest {

// One order as the exchange knows it.
struct JournalOrder {
  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;  // "sim-<n>", n counting the orders the exchange received
  OrderSide side = OrderSide::kBuy;
  OrderStatus status = OrderStatus::kAccepted;
  std::optional<Quantity> quantity;  // empty for a quote-budget order until it is sized
  Quantity filled;
  // Every execution; trade ids are "<venue id>-<k>". The fee currency is left to the reader,
  // who knows the instrument.
  std::vector<Fill> fills;
};

// Sits between the exchange and its listener: records what the exchange reports, then passes
// it on unchanged.
class VenueJournal final : public engine::VenueListener {
 public:
  // Sets who receives the reports after they are recorded.
  void set_next(engine::VenueListener* next) { next_ = next; }
  // Records an order the exchange received (before it reports anything about it).
  void on_received(const engine::VenueOrder& order);

  // Returns an order, or null when the exchange never received it.
  const JournalOrder* find(const ClientOrderId& id) const;
  // Returns every order's client id, in the order received.
  std::vector<ClientOrderId> client_order_ids() const;
  // Returns how many orders the exchange received.
  std::size_t size() const { return orders_.size(); }

  void on_order_accepted(const ClientOrderId& id, Timestamp ts) override;
  void on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                            Timestamp ts) override;
  void on_order_triggered(const ClientOrderId& id, Timestamp ts) override;
  void on_order_filled(const ClientOrderId& id, const Price& price, const Quantity& quantity,
                       const Money& fee, Liquidity liquidity, Timestamp ts) override;
  void on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) override;
  void on_position_liquidated(engine::InstrumentIndex instrument, const Price& price,
                              const Money& fee, Timestamp ts) override;
  void on_funding(engine::InstrumentIndex instrument, const Rate& rate, const Price& mark,
                  Timestamp ts) override;

 private:
  JournalOrder* find_mutable(const ClientOrderId& id);

  engine::VenueListener* next_ = nullptr;
  std::vector<JournalOrder> orders_;
  std::unordered_map<ClientOrderId, std::size_t> index_;
};

}  // namespace omega::backtest
