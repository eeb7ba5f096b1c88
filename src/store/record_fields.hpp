// Provides the field lists of ledger records (orders and fills) as named text, and their
// checked readers: one definition of each record's fields for the Redis hashes and the export
// lines, so the two cannot drift apart.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/records.hpp"

namespace omega::store {

// How a field's text is carried where types matter (the JSON export).
enum class FieldKind : std::uint8_t {
  kText,      // a string
  kInteger,   // a decimal int64 (a JSON number)
  kOptional,  // a string that may be absent (JSON null; an empty string in a Redis hash)
};

// One field of a record: its name, kind and value as text ("" when an optional one is absent).
struct NamedField {
  std::string_view name;
  FieldKind kind = FieldKind::kText;
  std::string value;
  bool present = true;  // false only for an absent kOptional field
};

// Returns an order's fields: bot_id client_order_id venue_order_id symbol side type quantity
// price (optional) status ts_created ts_updated.
std::vector<NamedField> order_fields(const OrderRecord& order);
// Returns a fill's fields: bot_id symbol trade_id client_order_id venue_order_id side price
// quantity fee fee_currency liquidity ts_event.
std::vector<NamedField> fill_fields(const FillRecord& fill);

// Reads one field by name as text ("" for an absent optional field), or fails naming it.
using FieldReader = std::function<Result<std::string>(std::string_view name, FieldKind kind)>;

// Rebuilds an order from its fields, validating each (a torn or foreign record is an error).
Result<OrderRecord> order_from_fields(const FieldReader& read);
// Rebuilds a fill from its fields, validating each.
Result<FillRecord> fill_from_fields(const FieldReader& read);

// The payload both backends append to the "ledger" stream for an order write or status change.
std::string order_event_payload(std::string_view client_order_id, OrderStatus status);
// The payload both backends append to the "ledger" stream for a fill.
std::string fill_event_payload(std::string_view trade_id, std::string_view client_order_id);

}  // namespace omega::store
