// Provides the text forms the backends store for model enums and exact decimals, and their
// checked parsers: every value read back is validated, so a torn or foreign value is an error.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "model/fill.hpp"
#include "model/fixed_point.hpp"
#include "model/order.hpp"
#include "model/order_side.hpp"
#include "model/order_status.hpp"

namespace omega::store {

// Parses "buy"/"sell".
Result<OrderSide> parse_side(std::string_view text);
// Parses an OrderType name ("limit", "stop_market", ...).
Result<OrderType> parse_order_type(std::string_view text);
// Parses an OrderStatus name ("partially_filled", ...).
Result<OrderStatus> parse_order_status(std::string_view text);
// Parses "maker"/"taker".
Result<Liquidity> parse_liquidity(std::string_view text);

// Formats an exact decimal with all its precision digits ("1.2500"), so parsing it back gives
// the same raw value and precision: stored as TEXT, never as a floating-point number.
template <typename Tag>
std::string encode_decimal(const FixedPoint<Tag>& value) {
  return value.to_string();
}

// Parses a decimal stored by encode_decimal, naming `field` on failure.
template <typename Tag>
Result<FixedPoint<Tag>> decode_decimal(std::string_view text, std::string_view field) {
  auto parsed = FixedPoint<Tag>::parse(text);
  if (!parsed.ok()) return std::move(parsed).error().with_context(std::string(field));
  return parsed;
}

// Parses a decimal int64 ("-12"), naming `field` on failure.
Result<std::int64_t> decode_int(std::string_view text, std::string_view field);

}  // namespace omega::store
