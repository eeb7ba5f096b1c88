// Provides BinanceDepthSequencer (Binance diff-depth update-id rules for spot and USD-M
// futures) and BinanceDepthBook (an OrderBook kept in sync by it from a REST snapshot plus
// WebSocket diffs). Venue rules only: no JSON or network here; readers pass parsed numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "model/order_book.hpp"

namespace omega {

// Which Binance product's sequencing rules apply.
enum class BinanceMarket : std::uint8_t {
  kSpot,  // ids chain by U == previous u + 1
  kUsdm,  // USD-M futures: ids chain by pu == previous u
};

// The update ids of one depthUpdate event.
struct DepthDiffIds {
  std::uint64_t first = 0;      // U: first update id in the event
  std::uint64_t last = 0;       // u: final update id in the event
  std::uint64_t prev_last = 0;  // pu: the previous event's u (USD-M only; ignored for spot)
};

// What to do with one diff.
enum class DiffAction : std::uint8_t {
  kBuffer,  // no snapshot yet: keep the diff until one arrives
  kDrop,    // older than the book (u below the snapshot or already applied): ignore it
  kApply,   // next in sequence: apply it
  kGap,     // the sequence broke: the book is out of sync until a new snapshot
};

// Returns "buffer", "drop", "apply" or "gap".
std::string_view to_string(DiffAction action);

// The update-id state machine Binance documents for keeping a local book:
// spot — drop diffs with u <= lastUpdateId; the first applied diff has
//   U <= lastUpdateId + 1 <= u; each next one has U == previous u + 1.
// USD-M — drop diffs with u < lastUpdateId; the first applied diff has
//   U <= lastUpdateId <= u; each next one has pu == previous u.
// A diff entirely at or below the last applied u (a replayed duplicate) is dropped; anything
// else out of sequence is a gap, after which the sequencer waits for a new snapshot.
class BinanceDepthSequencer {
 public:
  explicit BinanceDepthSequencer(BinanceMarket market) : market_(market) {}

  BinanceMarket market() const { return market_; }
  // Returns true once a snapshot is known and no gap has been seen since.
  bool synced() const { return state_ != State::kAwaitingSnapshot; }
  // Returns the last update id the book reflects (the snapshot's or the last applied u).
  std::uint64_t last_update_id() const { return last_update_id_; }
  // Returns how many gaps were detected since construction.
  std::uint64_t gap_count() const { return gap_count_; }

  // Starts from a snapshot's lastUpdateId.
  void on_snapshot(std::uint64_t last_update_id);
  // Classifies the next diff and, for kApply, advances the sequence.
  DiffAction on_diff(const DepthDiffIds& ids);
  // Forgets the snapshot: waits for a new one.
  void reset() { state_ = State::kAwaitingSnapshot; }

 private:
  enum class State : std::uint8_t { kAwaitingSnapshot, kAwaitingFirst, kStreaming };

  BinanceMarket market_;
  State state_ = State::kAwaitingSnapshot;
  std::uint64_t last_update_id_ = 0;
  std::uint64_t gap_count_ = 0;
};

// An OrderBook fed by Binance depth events: diffs that arrive before the snapshot are
// buffered and replayed when it arrives; a gap empties the book and marks it out of sync, and
// later diffs are buffered until the next snapshot.
class BinanceDepthBook {
 public:
  BinanceDepthBook(BinanceMarket market, int price_precision, int quantity_precision)
      : sequencer_(market), book_(price_precision, quantity_precision) {}

  // Seeds the book from a REST snapshot and replays buffered diffs. Fails if the snapshot is
  // malformed or a buffered diff leaves a gap (the book is then out of sync).
  Status on_snapshot(std::uint64_t last_update_id, std::span<const RawLevel> bids,
                     std::span<const RawLevel> asks);
  // Handles one depthUpdate (levels in raw units of the book's precisions; quantity 0
  // removes). Returns what was done with it. A negative quantity makes the book untrustworthy:
  // it is emptied and reported as kGap, to be resynced from a new snapshot.
  DiffAction on_diff(const DepthDiffIds& ids, std::span<const RawLevel> bids,
                     std::span<const RawLevel> asks);

  const OrderBook& book() const { return book_; }
  const BinanceDepthSequencer& sequencer() const { return sequencer_; }
  // Returns true when the book reflects the venue's (snapshot seen, no gap since).
  bool synced() const { return sequencer_.synced(); }
  // Returns how many diffs wait for a snapshot.
  std::size_t buffered() const { return pending_.size(); }
  // Returns how many diffs were applied since construction (buffered ones included).
  std::uint64_t applied_count() const { return applied_count_; }
  // Returns how many diffs were dropped as older than the book since construction.
  std::uint64_t dropped_count() const { return dropped_count_; }

 private:
  struct PendingDiff {
    DepthDiffIds ids;
    std::size_t offset;  // into pending_levels_: bids then asks
    std::size_t bid_count;
    std::size_t ask_count;
  };

  void buffer(const DepthDiffIds& ids, std::span<const RawLevel> bids,
              std::span<const RawLevel> asks);

  BinanceDepthSequencer sequencer_;
  OrderBook book_;
  std::vector<PendingDiff> pending_;
  std::vector<RawLevel> pending_levels_;
  std::uint64_t applied_count_ = 0;
  std::uint64_t dropped_count_ = 0;
};

}  // namespace omega
