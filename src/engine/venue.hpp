// Provides ExecutionVenue (where orders go: the simulated exchange or a real one) and
// VenueListener (how the venue reports back), the two seams between execution and a venue.
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "engine/messages.hpp"
#include "model/fill.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order.hpp"

namespace omega::engine {

// An order as a venue sees it: already risk-checked and with our client id.
struct VenueOrder {
  ClientOrderId client_order_id;
  InstrumentIndex instrument = 0;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  std::optional<Quantity> quantity;   // empty for a quote-budget order
  std::optional<Money> quote_budget;  // sized by the venue at its fill price
  Rate budget_fee_reserve;
  std::optional<Price> price;
  std::optional<Price> trigger_price;
  TimeInForce time_in_force = TimeInForce::kGtc;
  bool reduce_only = false;
  Timestamp ts;  // when it left the kernel
};

// Receives a venue's reports, on the kernel thread.
class VenueListener {
 public:
  virtual ~VenueListener() = default;
  // The venue acknowledged the order.
  virtual void on_order_accepted(const ClientOrderId& id, Timestamp ts) = 0;
  // The venue refused the order.
  virtual void on_order_rejected(const ClientOrderId& id, std::string reason, Timestamp ts) = 0;
  // A quote-budget order's quantity is known (sent before its first fill).
  virtual void on_quantity_resolved(const ClientOrderId& id, const Quantity& quantity,
                                    Timestamp ts) = 0;
  // A stop's trigger traded.
  virtual void on_order_triggered(const ClientOrderId& id, Timestamp ts) = 0;
  // The order (partly) filled.
  virtual void on_order_filled(const ClientOrderId& id, const Price& price,
                               const Quantity& quantity, const Money& fee, Liquidity liquidity,
                               Timestamp ts) = 0;
  // The order was canceled (on request, or the rest of an IOC/FOK).
  virtual void on_order_canceled(const ClientOrderId& id, std::string reason, Timestamp ts) = 0;
  // The venue liquidated a position at `price`, charging `fee`.
  virtual void on_position_liquidated(InstrumentIndex instrument, const Price& price,
                                      const Money& fee, Timestamp ts) = 0;
  // A funding interval ended: positions pay (rate > 0, longs pay) or receive at `mark`.
  virtual void on_funding(InstrumentIndex instrument, const Rate& rate, const Price& mark,
                          Timestamp ts) = 0;
};

// Accepts orders. Calls into the listener may happen inside these calls or later.
class ExecutionVenue {
 public:
  virtual ~ExecutionVenue() = default;
  // Sets who receives reports.
  virtual void set_listener(VenueListener* listener) = 0;
  // Sends an order.
  virtual void submit(const VenueOrder& order) = 0;
  // Asks to cancel an open order.
  virtual void cancel(const ClientOrderId& id, Timestamp ts) = 0;
  // Moves an open stop's trigger (trailing stops).
  virtual void amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) = 0;
};

}  // namespace omega::engine
