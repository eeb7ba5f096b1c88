// Provides Trade: one public execution reported by a venue.
#pragma once

#include "core/time.hpp"
#include "model/fixed_point.hpp"
#include "model/ids.hpp"
#include "model/order_side.hpp"

namespace omega {

// One public trade. `aggressor` is the taker's side (Binance: m == true means the buyer was the
// maker, so the aggressor sold).
struct Trade {
  TradeId trade_id;
  Price price;
  Quantity quantity;
  OrderSide aggressor = OrderSide::kBuy;
  Timestamp ts_event;  // venue time of the trade
};

}  // namespace omega
