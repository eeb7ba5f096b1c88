// Provides Candle: one OHLCV bar with exact prices and volume.
#pragma once

#include "core/time.hpp"
#include "model/fixed_point.hpp"

namespace omega {

// One OHLCV bar; `open_time` is the bar's open in UTC; volume is in base units.
struct Candle {
  Timestamp open_time;
  Price open;
  Price high;
  Price low;
  Price close;
  Quantity volume;
};

}  // namespace omega
