// Provides MarketCapture and read_binance_capture: a recorded Binance WebSocket session
// ("<local_ns> <json>" lines, plain or gzip) as time-ordered L2 snapshots, depth diffs and trade
// prints in raw units, for replaying orders against the book and the tape.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "model/binance_depth_sequencer.hpp"
#include "model/order_book.hpp"

namespace omega::data {

// One public trade print.
struct CapturedTrade {
  std::int64_t price = 0;       // raw, at the capture's price precision
  std::int64_t quantity = 0;    // raw, at the capture's quantity precision
  bool buyer_is_maker = false;  // true: a seller took the bid (Binance "m")
};

// One message of the session, in file (receive) order.
struct CaptureEvent {
  enum class Kind : std::uint8_t { kSnapshot, kDiff, kTrade };
  Kind kind = Kind::kTrade;
  std::int64_t ts_ns = 0;   // exchange time (E for diffs, T for trades); receive time of a snapshot
  std::uint32_t index = 0;  // into the vector of its kind
};

// A depth update (or, with ids.last the lastUpdateId, a REST snapshot); levels into `levels`.
struct CapturedDepth {
  DepthDiffIds ids;
  std::uint32_t offset = 0;  // first level in MarketCapture::levels: bids then asks
  std::uint32_t bid_count = 0;
  std::uint32_t ask_count = 0;
};

// A whole session. Prices and quantities are raw at the narrowest precisions that keep every
// value in the file exact (Binance pads to 8 decimals).
struct MarketCapture {
  BinanceMarket market = BinanceMarket::kSpot;  // kUsdm when diffs carry "pu"
  int price_precision = 0;
  int quantity_precision = 0;
  std::vector<CaptureEvent> events;
  std::vector<CapturedDepth> depths;  // snapshots and diffs
  std::vector<RawLevel> levels;
  std::vector<CapturedTrade> trades;
};

// Reads a capture. bookTicker lines are skipped (the diffs carry the same book). Malformed
// lines fail with kParse naming the file and line; a file without a snapshot or without trades
// fails with kValidation.
Result<MarketCapture> read_binance_capture(const std::filesystem::path& path);
// The same from text already in memory; `source` names it in errors.
Result<MarketCapture> parse_binance_capture(std::string_view text, std::string_view source);

}  // namespace omega::data
