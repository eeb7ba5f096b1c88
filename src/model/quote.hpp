// Provides Quote: the best bid and ask of a market at one instant.
#pragma once

#include "core/time.hpp"
#include "model/fixed_point.hpp"

namespace omega {

// The top of a book (Binance bookTicker, a ticker's bid/ask).
struct Quote {
  Price bid;
  Quantity bid_quantity;
  Price ask;
  Quantity ask_quantity;
  Timestamp ts_event;

  // Returns true when bid >= ask: a venue's quote never is, so this flags bad data.
  bool is_crossed() const { return bid >= ask; }
};

}  // namespace omega
