// Provides VenueRecord: the simulated exchange's memory of every order it received and every
// fill it made, kept when SimulatedExchangeConfig::record_orders_for is set, so the exchange
// can answer store::VenueOrderLookup (reconciliation of the ledger on restart); and the
// deterministic venue order ids and trade ids it gives orders and fills.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "engine/portfolio.hpp"
#include "engine/venue.hpp"
#include "store/reconcile.hpp"
#include "store/records.hpp"

namespace omega::backtest {

// Returns the simulated exchange's id for an order: "sim-" and the client order id, so a
// ledger writer that only sees the listener's reports can record the same id the venue holds.
VenueOrderId simulated_venue_order_id(const ClientOrderId& id);
// Returns the trade id of the `ordinal`-th fill (1, 2, ...) of an order: "sim-<client id>-<n>".
// A ledger writer that counts an order's fills as they are reported gets the same ids, so
// reconciliation after a crash adds exactly the fills the ledger missed.
TradeId simulated_trade_id(const ClientOrderId& id, std::size_t ordinal);

// Sits between the simulated exchange and its listener: records each report about each order
// (acceptance, trigger, fills, cancel, reject), then passes it on unchanged.
class VenueRecord final : public engine::VenueListener, public store::VenueOrderLookup {
 public:
  // `portfolio` names the instruments (for the fills' symbols); fills are recorded for `bot`.
  VenueRecord(const engine::Portfolio& portfolio, store::BotId bot);

  // Sets who receives the reports after they are recorded (may be null).
  void set_downstream(engine::VenueListener* downstream) { downstream_ = downstream; }
  // Records an order the exchange received, before the exchange reports anything about it.
  void on_submit(const engine::VenueOrder& order);

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

  Result<std::optional<store::VenueOrder>> find_order(const ClientOrderId& id) override;
  Result<std::vector<ClientOrderId>> client_order_ids() override;

 private:
  struct Entry {
    engine::VenueOrder order;
    std::optional<Quantity> quantity;  // a quote-budget order's is known at its first fill
    std::optional<Quantity> filled;
    OrderStatus status = OrderStatus::kSubmitted;
    std::vector<store::FillRecord> fills;
  };
  Entry* find(const ClientOrderId& id);
  // Moves a non-terminal order to `status` (a report about a settled order changes nothing).
  static void settle(Entry& entry, OrderStatus status);

  const engine::Portfolio& portfolio_;
  store::BotId bot_;
  engine::VenueListener* downstream_ = nullptr;
  std::unordered_map<std::string, Entry> entries_;
  std::vector<ClientOrderId> received_;  // in the order the exchange received them
};

}  // namespace omega::backtest
