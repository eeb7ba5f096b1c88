// Provides the kernel's message vocabulary: commands bots send (SubmitOrder, CancelOrder) and
// the events every topic carries (CandleClosed, TradeReceived, OrderUpdated, PositionChanged,
// SignalPublished, NotificationRaised). Messages are immutable values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/strong_id.hpp"
#include "core/time.hpp"
#include "model/candle.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order.hpp"
#include "model/order_side.hpp"

namespace omega::engine {

struct BotIdTag {};
// Names one bot instance in the farm.
using BotId = StrongId<BotIdTag>;

// Indexes an instrument registered with the kernel (dense, from 0): cheaper than a Symbol on
// the per-bar path.
using InstrumentIndex = std::uint32_t;

// Asks for an order. Exactly one of `quantity` and `quote_budget` is set: a quote budget is a
// market order sized by the venue at its fill price (Binance's quoteOrderQty), as
// floor(budget / (price * (1 + budget_fee_reserve))) on the lot grid.
struct SubmitOrder {
  InstrumentIndex instrument = 0;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  std::optional<Quantity> quantity;
  std::optional<Money> quote_budget;
  Rate budget_fee_reserve;
  std::optional<Price> price;          // limit price
  std::optional<Price> trigger_price;  // stop / take-profit trigger
  TimeInForce time_in_force = TimeInForce::kGtc;
  bool reduce_only = false;
  // Attached protective orders placed (reduce-only, one-cancels-other) once this order fills.
  std::optional<Price> stop_loss;
  std::optional<Price> take_profit;
  // For a stop: follow the best price by this distance (a trailing stop).
  std::optional<Price> trailing_offset;
  std::string tag;  // free text carried to the order log (e.g. "entry", "scale-in 0.786")
};

// Asks to cancel an open order.
struct CancelOrder {
  ClientOrderId client_order_id;
};

// A bar closed on an instrument.
struct CandleClosed {
  InstrumentIndex instrument = 0;
  Candle candle;
};

// A public trade printed on an instrument.
struct TradeReceived {
  InstrumentIndex instrument = 0;
  Timestamp ts;
  Price price;
  Quantity quantity;
  OrderSide aggressor = OrderSide::kBuy;
};

// What happened to an order.
enum class OrderUpdateKind : std::uint8_t {
  kSubmitted,        // passed the risk engine and went to the venue
  kDenied,           // the risk engine refused it (reason says why)
  kAccepted,         // the venue acknowledged it
  kRejected,         // the venue refused it
  kTriggered,        // its trigger price traded
  kPartiallyFilled,  // a fill left quantity open
  kFilled,           // fully filled
  kCanceled,         // canceled (by us, by OCO, or the rest of an IOC)
  kAmended,          // a trailing stop moved its trigger
};

// Returns e.g. "partially_filled".
std::string_view to_string(OrderUpdateKind kind);

// An event in an order's life, published on the order topic.
struct OrderUpdated {
  OrderUpdateKind kind = OrderUpdateKind::kSubmitted;
  ClientOrderId client_order_id;
  // The execution engine's number for the order (from 1, in submission order); 0 for an order
  // the risk engine denied before execution saw it. Lets listeners index orders without
  // hashing the id.
  std::uint64_t order_seq = 0;
  BotId bot;
  InstrumentIndex instrument = 0;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  Quantity quantity;       // order quantity (resolved for budget orders once known)
  Price fill_price;        // this fill's price (fills only)
  Quantity fill_quantity;  // this fill's quantity (fills only)
  Money fee;               // this fill's fee (fills only)
  Quantity filled_quantity;
  std::optional<Price> price;
  std::optional<Price> trigger_price;
  bool reduce_only = false;
  std::string reason;  // denial / rejection / cancel reason
  std::string tag;
  Timestamp ts;
};

// What happened to a position.
enum class PositionChangeKind : std::uint8_t { kOpened, kChanged, kClosed, kLiquidated, kFunded };

// Returns e.g. "liquidated".
std::string_view to_string(PositionChangeKind kind);

// A position changed: a fill, a liquidation or a funding payment.
struct PositionChanged {
  PositionChangeKind kind = PositionChangeKind::kChanged;
  InstrumentIndex instrument = 0;
  Quantity quantity;  // signed: > 0 long
  Money entry_cost;
  Money realized_pnl;  // of the position so far, before fees
  Money amount;        // funding paid (> 0) or received (< 0) for kFunded
  Timestamp ts;
};

// A bot's published view (a trend, a level, a score), for other services and the user.
struct SignalPublished {
  BotId bot;
  InstrumentIndex instrument = 0;
  std::string name;
  double value = 0.0;  // analytics, not money
  std::string text;
  Timestamp ts;
};

// Severity of a notification.
enum class NotificationLevel : std::uint8_t { kInfo, kWarning, kCritical };

// A message for the user (risk halts, liquidations, bot failures).
struct NotificationRaised {
  NotificationLevel level = NotificationLevel::kInfo;
  std::string text;
  Timestamp ts;
};

}  // namespace omega::engine
