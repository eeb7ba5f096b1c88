#include "model/binance_depth_sequencer.hpp"

#include <fmt/format.h>

namespace omega {

std::string_view to_string(DiffAction action) {
  switch (action) {
    case DiffAction::kBuffer:
      return "buffer";
    case DiffAction::kDrop:
      return "drop";
    case DiffAction::kApply:
      return "apply";
    case DiffAction::kGap:
      return "gap";
  }
  return "unknown";
}

void BinanceDepthSequencer::on_snapshot(std::uint64_t last_update_id) {
  last_update_id_ = last_update_id;
  state_ = State::kAwaitingFirst;
}

DiffAction BinanceDepthSequencer::on_diff(const DepthDiffIds& ids) {
  const bool spot = market_ == BinanceMarket::kSpot;
  switch (state_) {
    case State::kAwaitingSnapshot:
      return DiffAction::kBuffer;
    case State::kAwaitingFirst: {
      const std::uint64_t l = last_update_id_;
      if (spot ? ids.last <= l : ids.last < l) return DiffAction::kDrop;
      const bool straddles =
          spot ? (ids.first <= l + 1 && l + 1 <= ids.last) : (ids.first <= l && l <= ids.last);
      if (!straddles) break;
      state_ = State::kStreaming;
      last_update_id_ = ids.last;
      return DiffAction::kApply;
    }
    case State::kStreaming: {
      if (ids.last <= last_update_id_) return DiffAction::kDrop;
      const bool chained =
          spot ? ids.first == last_update_id_ + 1 : ids.prev_last == last_update_id_;
      if (!chained) break;
      last_update_id_ = ids.last;
      return DiffAction::kApply;
    }
  }
  ++gap_count_;
  state_ = State::kAwaitingSnapshot;
  return DiffAction::kGap;
}

Status BinanceDepthBook::on_snapshot(std::uint64_t last_update_id, std::span<const RawLevel> bids,
                                     std::span<const RawLevel> asks) {
  Status loaded = book_.apply_snapshot(bids, asks);
  if (!loaded.ok()) {
    sequencer_.reset();
    return loaded;
  }
  sequencer_.on_snapshot(last_update_id);
  std::vector<PendingDiff> pending;
  std::vector<RawLevel> levels;
  pending.swap(pending_);
  levels.swap(pending_levels_);
  Status result = ok_status();
  for (const PendingDiff& p : pending) {
    const std::span<const RawLevel> all(levels);
    const DiffAction action = on_diff(p.ids, all.subspan(p.offset, p.bid_count),
                                      all.subspan(p.offset + p.bid_count, p.ask_count));
    if (action == DiffAction::kGap && result.ok()) {
      result = Error(ErrorCode::kState,
                     fmt::format("buffered diff U={} u={} does not follow snapshot {}", p.ids.first,
                                 p.ids.last, last_update_id));
    }
  }
  return result;
}

DiffAction BinanceDepthBook::on_diff(const DepthDiffIds& ids, std::span<const RawLevel> bids,
                                     std::span<const RawLevel> asks) {
  const DiffAction action = sequencer_.on_diff(ids);
  switch (action) {
    case DiffAction::kApply: {
      bool ok = true;
      for (const RawLevel& l : bids) ok &= book_.apply(BookSide::kBid, l.price, l.quantity);
      for (const RawLevel& l : asks) ok &= book_.apply(BookSide::kAsk, l.price, l.quantity);
      if (!ok) [[unlikely]] {
        sequencer_.reset();
        book_.clear();
        return DiffAction::kGap;
      }
      ++applied_count_;
      break;
    }
    case DiffAction::kGap:
      // The book no longer matches the venue: empty it, and keep this diff for the resync.
      book_.clear();
      buffer(ids, bids, asks);
      break;
    case DiffAction::kBuffer:
      buffer(ids, bids, asks);
      break;
    case DiffAction::kDrop:
      ++dropped_count_;
      break;
  }
  return action;
}

void BinanceDepthBook::buffer(const DepthDiffIds& ids, std::span<const RawLevel> bids,
                              std::span<const RawLevel> asks) {
  pending_.push_back(PendingDiff{ids, pending_levels_.size(), bids.size(), asks.size()});
  pending_levels_.insert(pending_levels_.end(), bids.begin(), bids.end());
  pending_levels_.insert(pending_levels_.end(), asks.begin(), asks.end());
}

}  // namespace omega
