#include "store/record_codec.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace omega::store {
namespace {

constexpr std::array kOrderTypes = {OrderType::kMarket,           OrderType::kLimit,
                                    OrderType::kStopMarket,       OrderType::kStopLimit,
                                    OrderType::kTakeProfitMarket, OrderType::kTakeProfitLimit};

Error bad(std::string_view what, std::string_view text) {
  return Error(ErrorCode::kParse, fmt::format("not a valid {}: '{}'", what, text));
}

}  // namespace

Result<OrderSide> parse_side(std::string_view text) {
  if (text == "buy") return OrderSide::kBuy;
  if (text == "sell") return OrderSide::kSell;
  return bad("order side", text);
}

Result<OrderType> parse_order_type(std::string_view text) {
  for (OrderType type : kOrderTypes) {
    if (to_string(type) == text) return type;
  }
  return bad("order type", text);
}

Result<OrderStatus> parse_order_status(std::string_view text) {
  for (OrderStatus status : kAllOrderStatuses) {
    if (to_string(status) == text) return status;
  }
  return bad("order status", text);
}

Result<Liquidity> parse_liquidity(std::string_view text) {
  if (text == "maker") return Liquidity::kMaker;
  if (text == "taker") return Liquidity::kTaker;
  return bad("liquidity", text);
}

Result<std::int64_t> decode_int(std::string_view text, std::string_view field) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Error(ErrorCode::kParse, fmt::format("{}: not an integer: '{}'", field, text));
  }
  return value;
}

}  // namespace omega::store
