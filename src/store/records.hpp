// Provides the records the store persists: ledger orders and fills, position snapshots, signals,
// bot state, metric points, audit entries, user settings and stream entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/strong_id.hpp"
#include "core/time.hpp"
#include "model/fill.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order.hpp"
#include "model/order_side.hpp"
#include "model/order_status.hpp"
#include "model/symbol.hpp"

namespace omega::store {

struct BotIdTag {};
struct UserIdTag {};

// The id of one bot of the farm ("fib-btc-1"); owns its orders, fills, positions and state.
using BotId = StrongId<BotIdTag>;
// The id of one person talking to the farm (a Discord user id, "console").
using UserId = StrongId<UserIdTag>;

// One order in the ledger. Recorded with kSubmitted before the request leaves, so a crash
// between "sent" and "acknowledged" is reconciled by client id on restart.
struct OrderRecord {
  BotId bot_id;
  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;  // empty until the venue acknowledges
  Symbol symbol;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kLimit;
  Quantity quantity;
  std::optional<Price> price;  // limit price, when the type has one
  OrderStatus status = OrderStatus::kSubmitted;
  Timestamp ts_created;
  Timestamp ts_updated;
};

// One fill in the ledger, with the bot and symbol the model's Fill leaves to its owner.
struct FillRecord {
  BotId bot_id;
  Symbol symbol;
  Fill fill;
};

// A bot's net position in one symbol as the sum of its ledger fills; `version` counts fills.
struct PositionSnapshot {
  BotId bot_id;
  Symbol symbol;
  Quantity net_quantity;  // > 0 long, < 0 short
  std::int64_t fill_count = 0;
  Timestamp ts_updated;
};

// What an idempotent ledger append did.
enum class AppendOutcome : std::uint8_t {
  kInserted,   // the record is new and now stored
  kDuplicate,  // a record with this id existed; nothing changed
};

// A signal a bot or analytics produced (Fibonacci level hit, trap, trend change, ...).
struct SignalRecord {
  BotId bot_id;
  Symbol symbol;
  std::string kind;     // "fib_retracement", "bull_trap", ...
  std::string payload;  // JSON text; the store does not look inside
  Timestamp ts;
};

// One value of a bot's key-value state with its version (1 for the first write).
struct VersionedValue {
  std::string value;
  std::int64_t version = 0;
};

// One point of a metric time series. Metrics are for display and analytics, so double is fine.
struct MetricPoint {
  Timestamp ts;
  double value = 0;
};

// Who did what, when, with what result.
struct AuditEntry {
  Timestamp ts;
  std::string actor;   // "user:1234", "bot:fib-btc-1", "system"
  std::string action;  // "order.submit", "settings.set", ...
  std::string target;  // what it acted on
  std::string result;  // "ok", "denied: rate limit", ...
};

// One entry of an event stream with the id the backend gave it (Redis "ms-seq", SQLite rowid).
struct StreamEntry {
  std::string id;
  std::string payload;
};

}  // namespace omega::store
