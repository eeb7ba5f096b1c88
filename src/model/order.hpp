// Provides Order: an order's terms (type, time in force, reduce-only), its state machine and
// its fills (filled quantity and exact average price, overfills refused).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "model/fill.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order_side.hpp"
#include "model/order_status.hpp"
#include "model/symbol.hpp"

namespace omega {

// How an order executes.
enum class OrderType : std::uint8_t {
  kMarket,            // at the best available prices
  kLimit,             // at `price` or better
  kStopMarket,        // a market order once the trigger price trades
  kStopLimit,         // a limit order once the trigger price trades
  kTakeProfitMarket,  // a market order once the (profit-side) trigger price trades
  kTakeProfitLimit,   // a limit order once the (profit-side) trigger price trades
};

// How long an order stays open.
enum class TimeInForce : std::uint8_t {
  kGtc,       // good till canceled
  kIoc,       // immediate or cancel: fill what can be filled now, cancel the rest
  kFok,       // fill or kill: fill entirely now or cancel
  kPostOnly,  // GTC that must rest as maker; the venue rejects it if it would take (GTX)
};

// Returns e.g. "stop_limit".
std::string_view to_string(OrderType type);
// Returns "GTC", "IOC", "FOK" or "PO" (CCXT's names).
std::string_view to_string(TimeInForce tif);
// Returns true for the types that need a limit price.
bool has_limit_price(OrderType type);
// Returns true for the types that wait for a trigger price.
bool has_trigger_price(OrderType type);

// The terms an order is created from.
struct OrderSpec {
  ClientOrderId client_order_id;
  Symbol symbol;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kLimit;
  Quantity quantity;
  std::optional<Price> price;          // required exactly for limit types
  std::optional<Price> trigger_price;  // required exactly for stop / take-profit types
  TimeInForce time_in_force = TimeInForce::kGtc;
  bool reduce_only = false;
  Timestamp ts_init;
};

// An order through its life. Every change goes through order_transition(); illegal ones are
// refused with kState and change nothing. The average fill price is kept exactly as the sum of
// price * quantity over the fills divided by the filled quantity, rounded only when asked.
class Order {
 public:
  // Validates the terms: a client id, a positive quantity, prices present exactly when the
  // type needs them and positive, no post-only market orders. Fails with kInvalidArgument.
  static Result<Order> create(OrderSpec spec);

  const ClientOrderId& client_order_id() const { return spec_.client_order_id; }
  const VenueOrderId& venue_order_id() const { return venue_order_id_; }
  const Symbol& symbol() const { return spec_.symbol; }
  OrderSide side() const { return spec_.side; }
  OrderType type() const { return spec_.type; }
  TimeInForce time_in_force() const { return spec_.time_in_force; }
  bool reduce_only() const { return spec_.reduce_only; }
  bool post_only() const { return spec_.time_in_force == TimeInForce::kPostOnly; }
  const Quantity& quantity() const { return spec_.quantity; }
  const std::optional<Price>& price() const { return spec_.price; }
  const std::optional<Price>& trigger_price() const { return spec_.trigger_price; }
  OrderStatus status() const { return status_; }
  // Returns true once sent and until a terminal status.
  bool is_open() const {
    return !omega::is_terminal(status_) && status_ != OrderStatus::kInitialized;
  }
  // Returns true in a terminal status (filled, canceled, rejected, expired).
  bool is_done() const { return omega::is_terminal(status_); }
  const Timestamp& ts_init() const { return spec_.ts_init; }
  const Timestamp& ts_last() const { return ts_last_; }
  // Returns the venue's reason for a rejection.
  const std::string& reject_reason() const { return reject_reason_; }

  const Quantity& filled_quantity() const { return filled_quantity_; }
  // Returns quantity - filled quantity.
  Quantity leaves_quantity() const;
  // Returns the exact sum of price * quantity over the fills.
  const Money& filled_notional() const { return filled_notional_; }
  // Returns filled notional / filled quantity at `precision`; kState before any fill.
  Result<Price> average_fill_price(int precision, Rounding rounding = Rounding::kHalfEven) const;
  const std::vector<TradeId>& trade_ids() const { return trade_ids_; }

  // Each method applies one event of the state machine.
  Status submit(Timestamp ts);
  Status accept(VenueOrderId venue_order_id, Timestamp ts);
  Status reject(std::string reason, Timestamp ts);
  Status trigger(Timestamp ts);  // refused for types without a trigger price
  // Moves an open order's trigger price (a trailing stop following the market). Refused
  // (kState) for types without a trigger or a finished order, (kInvalidArgument) for a
  // non-positive price.
  Status amend_trigger(const Price& trigger_price, Timestamp ts);
  Status request_cancel(Timestamp ts);
  Status cancel_rejected(Timestamp ts);
  Status cancel(Timestamp ts);
  Status expire(Timestamp ts);
  // Applies a fill: kPartialFill or kFill by what it leaves open. Refuses (changing nothing)
  // a fill for another order or side, a non-positive quantity or price, a repeated trade id
  // (kAlreadyExists) and an overfill (kRejected).
  Status apply_fill(const Fill& fill);

 private:
  explicit Order(OrderSpec spec);
  Status transition(OrderEvent event, Timestamp ts);

  OrderSpec spec_;
  VenueOrderId venue_order_id_;
  OrderStatus status_ = OrderStatus::kInitialized;
  OrderStatus before_pending_cancel_ = OrderStatus::kAccepted;
  Quantity filled_quantity_;
  Money filled_notional_;
  std::vector<TradeId> trade_ids_;
  std::string reject_reason_;
  Timestamp ts_last_;
};

}  // namespace omega
