// Provides Fill (one execution of one of our orders) and Liquidity (maker/taker).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/time.hpp"
#include "model/currency.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order_side.hpp"

namespace omega {

// Whether our side of a fill rested on the book (maker) or took liquidity (taker).
enum class Liquidity : std::uint8_t { kMaker, kTaker };

// Returns "maker" or "taker".
constexpr std::string_view to_string(Liquidity liquidity) {
  return liquidity == Liquidity::kMaker ? "maker" : "taker";
}

// One execution of one of our orders, as the venue reports it.
struct Fill {
  TradeId trade_id;
  ClientOrderId client_order_id;
  VenueOrderId venue_order_id;
  OrderSide side = OrderSide::kBuy;
  Price price;
  Quantity quantity;
  Money fee;  // positive = paid, negative = rebate received
  Currency fee_currency;
  Liquidity liquidity = Liquidity::kTaker;
  Timestamp ts_event;  // venue time of the execution
};

}  // namespace omega
