// Provides load_binance_capture: reads a recorded Binance WebSocket capture (gzip,
// "<local_ns> <json>" lines) into pre-parsed depth diffs, book tickers and the REST snapshot.
// A test and benchmark helper only: it uses simdjson and zlib, which the model never includes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "model/binance_depth_sequencer.hpp"
#include "model/order_book.hpp"

namespace omega::testing {

// One depthUpdate with its levels in raw units.
struct CapturedDiff {
  DepthDiffIds ids;
  std::vector<RawLevel> bids;
  std::vector<RawLevel> asks;
};

// One bookTicker message in raw units.
struct CapturedTicker {
  std::uint64_t update_id = 0;
  RawLevel bid;
  RawLevel ask;
};

// The REST depth snapshot.
struct CapturedSnapshot {
  std::uint64_t last_update_id = 0;
  std::vector<RawLevel> bids;
  std::vector<RawLevel> asks;
};

// Which message a line held; `index` points into the matching vector of BinanceCapture.
struct CaptureEvent {
  enum class Kind : std::uint8_t { kDiff, kTicker, kSnapshot, kTrade };
  Kind kind;
  std::size_t index;
};

// A whole capture, in file order.
struct BinanceCapture {
  std::vector<CaptureEvent> events;
  std::vector<CapturedDiff> diffs;
  std::vector<CapturedTicker> tickers;
  std::vector<CapturedSnapshot> snapshots;
  std::size_t trade_count = 0;
  std::size_t level_update_count = 0;  // levels over all diffs
};

// Loads a capture, converting prices and quantities to raw at the given precisions.
Result<BinanceCapture> load_binance_capture(const std::string& path, int price_precision,
                                            int quantity_precision);

}  // namespace omega::testing
