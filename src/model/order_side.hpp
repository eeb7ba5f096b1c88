// Provides OrderSide (buy/sell) and its sign.
#pragma once

#include <cstdint>
#include <string_view>

namespace omega {

// The direction of an order, fill or aggressor.
enum class OrderSide : std::uint8_t { kBuy, kSell };

// Returns "buy" or "sell" (CCXT's names).
constexpr std::string_view to_string(OrderSide side) {
  return side == OrderSide::kBuy ? "buy" : "sell";
}

// Returns +1 for buy and -1 for sell: the sign a fill adds to a net position.
constexpr int sign(OrderSide side) {
  return side == OrderSide::kBuy ? 1 : -1;
}

// Returns the other side.
constexpr OrderSide opposite(OrderSide side) {
  return side == OrderSide::kBuy ? OrderSide::kSell : OrderSide::kBuy;
}

}  // namespace omega
