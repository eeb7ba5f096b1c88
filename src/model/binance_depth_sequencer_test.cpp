#include "model/binance_depth_sequencer.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>

#include <gtest/gtest.h>

#include "model/testing/binance_capture.hpp"

namespace omega {
namespace {

using testing::BinanceCapture;
using testing::CapturedTicker;
using testing::CaptureEvent;

const std::string kDataDir = OMEGA_DATA_DIR;
const std::string kSpotFile = kDataDir + "/orderbook/binance_spot_btcusdt_ws_2024-08-08.jsonl.gz";
const std::string kUsdmFile = kDataDir + "/orderbook/binance_usdm_btcusdt_ws_2024-08-08.jsonl.gz";

// Book precisions: USD-M writes "61800.20" / "0.014"; spot writes 8 digits for both, with
// a 0.01 tick (trailing zeros are exact) and 0.00001 lot.
constexpr int kUsdmPricePrecision = 2;
constexpr int kUsdmQuantityPrecision = 3;
constexpr int kSpotPricePrecision = 2;
constexpr int kSpotQuantityPrecision = 8;

TEST(BinanceDepthSequencer, SpotRules) {
  BinanceDepthSequencer s(BinanceMarket::kSpot);
  EXPECT_EQ(s.on_diff({90, 95, 0}), DiffAction::kBuffer);
  s.on_snapshot(100);
  EXPECT_EQ(s.on_diff({90, 100, 0}), DiffAction::kDrop);   // u <= lastUpdateId
  EXPECT_EQ(s.on_diff({99, 105, 0}), DiffAction::kApply);  // U <= 101 <= u
  EXPECT_EQ(s.last_update_id(), 105u);
  EXPECT_EQ(s.on_diff({106, 110, 0}), DiffAction::kApply);
  EXPECT_EQ(s.on_diff({100, 110, 0}), DiffAction::kDrop);  // a replayed duplicate
  EXPECT_EQ(s.on_diff({112, 115, 0}), DiffAction::kGap);   // 111 missing
  EXPECT_FALSE(s.synced());
  EXPECT_EQ(s.gap_count(), 1u);
  EXPECT_EQ(s.on_diff({116, 118, 0}), DiffAction::kBuffer);
  s.on_snapshot(200);
  EXPECT_EQ(s.on_diff({202, 205, 0}), DiffAction::kGap);  // first must cover 201
  s.on_snapshot(200);
  EXPECT_EQ(s.on_diff({201, 201, 0}), DiffAction::kApply);
}

TEST(BinanceDepthSequencer, UsdmRules) {
  BinanceDepthSequencer s(BinanceMarket::kUsdm);
  s.on_snapshot(100);
  EXPECT_EQ(s.on_diff({80, 99, 70}), DiffAction::kDrop);   // u < lastUpdateId
  EXPECT_EQ(s.on_diff({101, 110, 99}), DiffAction::kGap);  // U > lastUpdateId: missed one
  s.on_snapshot(100);
  EXPECT_EQ(s.on_diff({95, 100, 94}), DiffAction::kApply);    // U <= 100 <= u
  EXPECT_EQ(s.on_diff({130, 140, 100}), DiffAction::kApply);  // pu chains, U may jump
  EXPECT_EQ(s.on_diff({150, 160, 141}), DiffAction::kGap);    // pu != previous u
  EXPECT_EQ(s.gap_count(), 2u);
}

struct ReplayStats {
  std::size_t applied = 0;  // all applied, buffered ones included
  std::size_t dropped = 0;  // all dropped, buffered ones included
  std::size_t buffered = 0;
  std::size_t gaps = 0;
  std::size_t crossed_after_sync = 0;
  std::size_t ticker_checks = 0;
  std::size_t ticker_mismatches = 0;
};

bool matches(const OrderBook& book, const CapturedTicker& t) {
  const auto bid = book.best_raw(BookSide::kBid);
  const auto ask = book.best_raw(BookSide::kAsk);
  return bid && ask && *bid == t.bid && *ask == t.ask;
}

// Replays a capture in file order. A bookTicker carries the book update id it reflects; when
// the book sits at exactly that id (the ticker arrived before or after the diff ending there)
// the book's best levels must equal the ticker's.
ReplayStats replay(const BinanceCapture& capture, BinanceMarket market, int price_precision,
                   int quantity_precision, std::size_t skip_diff = SIZE_MAX) {
  BinanceDepthBook depth(market, price_precision, quantity_precision);
  std::unordered_map<std::uint64_t, CapturedTicker> tickers;
  ReplayStats st;
  const auto check_ticker = [&](const CapturedTicker& t) {
    ++st.ticker_checks;
    if (!matches(depth.book(), t)) ++st.ticker_mismatches;
  };
  for (const CaptureEvent& ev : capture.events) {
    switch (ev.kind) {
      case CaptureEvent::Kind::kSnapshot: {
        const auto& snap = capture.snapshots[ev.index];
        const std::size_t pending = depth.buffered();
        EXPECT_TRUE(depth.on_snapshot(snap.last_update_id, snap.bids, snap.asks).ok());
        st.buffered += pending;
        break;
      }
      case CaptureEvent::Kind::kDiff: {
        if (ev.index == skip_diff) break;
        const auto& diff = capture.diffs[ev.index];
        switch (depth.on_diff(diff.ids, diff.bids, diff.asks)) {
          case DiffAction::kApply:
            if (depth.book().is_crossed()) ++st.crossed_after_sync;
            if (auto it = tickers.find(diff.ids.last); it != tickers.end())
              check_ticker(it->second);
            break;
          case DiffAction::kDrop:
          case DiffAction::kBuffer:
            break;
          case DiffAction::kGap:
            ++st.gaps;
            break;
        }
        break;
      }
      case CaptureEvent::Kind::kTicker: {
        const auto& t = capture.tickers[ev.index];
        tickers.emplace(t.update_id, t);
        if (depth.synced() && depth.sequencer().last_update_id() == t.update_id) check_ticker(t);
        break;
      }
      case CaptureEvent::Kind::kTrade:
        break;
    }
  }
  st.applied = depth.applied_count();
  st.dropped = depth.dropped_count();
  return st;
}

TEST(BinanceDepthReplay, UsdmFuturesStaysInSyncAndAgreesWithBookTicker) {
  const auto capture =
      testing::load_binance_capture(kUsdmFile, kUsdmPricePrecision, kUsdmQuantityPrecision);
  ASSERT_TRUE(capture.ok()) << capture.error().to_string();
  // The capture as documented in data/PROVENANCE.md.
  ASSERT_EQ(capture->snapshots.size(), 1u);
  ASSERT_EQ(capture->diffs.size(), 6551u);
  ASSERT_EQ(capture->tickers.size(), 66089u);
  ASSERT_EQ(capture->trade_count, 21313u);
  const ReplayStats st =
      replay(*capture, BinanceMarket::kUsdm, kUsdmPricePrecision, kUsdmQuantityPrecision);
  EXPECT_EQ(st.gaps, 0u);
  // Diffs before the snapshot were buffered; 4 of them ended before lastUpdateId.
  EXPECT_EQ(st.buffered, 6u);
  EXPECT_EQ(st.dropped, 4u);
  EXPECT_EQ(st.applied + st.dropped, capture->diffs.size());
  EXPECT_EQ(st.crossed_after_sync, 0u);
  // Tickers whose update id equals the end of an applied diff: every one agrees.
  // 629 of the 66,089 tickers carry the u of an applied diff (counted independently with a
  // Python replay of the same file).
  EXPECT_EQ(st.ticker_checks, 629u);
  EXPECT_EQ(st.ticker_mismatches, 0u);
  RecordProperty("ticker_checks", static_cast<int>(st.ticker_checks));
}

TEST(BinanceDepthReplay, SpotStaysInSyncAndAgreesWithBookTicker) {
  const auto capture =
      testing::load_binance_capture(kSpotFile, kSpotPricePrecision, kSpotQuantityPrecision);
  ASSERT_TRUE(capture.ok()) << capture.error().to_string();
  ASSERT_EQ(capture->snapshots.size(), 1u);
  ASSERT_EQ(capture->diffs.size(), 3451u);
  ASSERT_EQ(capture->tickers.size(), 28040u);
  ASSERT_EQ(capture->trade_count, 9757u);
  const ReplayStats st =
      replay(*capture, BinanceMarket::kSpot, kSpotPricePrecision, kSpotQuantityPrecision);
  EXPECT_EQ(st.gaps, 0u);
  EXPECT_EQ(st.buffered, 3u);
  EXPECT_EQ(st.dropped, 2u);
  EXPECT_EQ(st.applied + st.dropped, capture->diffs.size());
  EXPECT_EQ(st.crossed_after_sync, 0u);
  // 564 of the 28,040 tickers carry the u of an applied diff.
  EXPECT_EQ(st.ticker_checks, 564u);
  EXPECT_EQ(st.ticker_mismatches, 0u);
  RecordProperty("ticker_checks", static_cast<int>(st.ticker_checks));
}

// Dropping one diff after the book is in sync is detected as exactly one gap, and the book is
// then out of sync (and empty) rather than silently wrong.
TEST(BinanceDepthReplay, DroppedDiffIsDetectedAsGap) {
  for (const BinanceMarket market : {BinanceMarket::kUsdm, BinanceMarket::kSpot}) {
    const bool usdm = market == BinanceMarket::kUsdm;
    const int pp = usdm ? kUsdmPricePrecision : kSpotPricePrecision;
    const int qp = usdm ? kUsdmQuantityPrecision : kSpotQuantityPrecision;
    const auto capture = testing::load_binance_capture(usdm ? kUsdmFile : kSpotFile, pp, qp);
    ASSERT_TRUE(capture.ok());
    const std::size_t skipped = capture->diffs.size() / 2;
    const ReplayStats st = replay(*capture, market, pp, qp, skipped);
    EXPECT_EQ(st.gaps, 1u) << (usdm ? "usdm" : "spot");

    BinanceDepthBook depth(market, pp, qp);
    DiffAction last = DiffAction::kBuffer;
    for (const CaptureEvent& ev : capture->events) {
      if (ev.kind == CaptureEvent::Kind::kSnapshot) {
        const auto& snap = capture->snapshots[ev.index];
        ASSERT_TRUE(depth.on_snapshot(snap.last_update_id, snap.bids, snap.asks).ok());
      } else if (ev.kind == CaptureEvent::Kind::kDiff && ev.index != skipped) {
        const auto& d = capture->diffs[ev.index];
        last = depth.on_diff(d.ids, d.bids, d.asks);
        if (ev.index == skipped + 1) break;
      }
    }
    EXPECT_EQ(last, DiffAction::kGap);
    EXPECT_FALSE(depth.synced());
    EXPECT_EQ(depth.book().level_count(BookSide::kBid), 0u);
    EXPECT_EQ(depth.buffered(), 1u);  // kept for the resync
  }
}

TEST(BinanceDepthBook, BuffersUntilSnapshotAndResyncs) {
  BinanceDepthBook depth(BinanceMarket::kSpot, 2, 3);
  const RawLevel bid{10000, 5};
  const RawLevel ask{10100, 7};
  EXPECT_EQ(depth.on_diff({95, 101, 0}, std::span(&bid, 1), {}), DiffAction::kBuffer);
  EXPECT_EQ(depth.on_diff({102, 103, 0}, {}, std::span(&ask, 1)), DiffAction::kBuffer);
  const RawLevel snap_bid{9900, 1};
  ASSERT_TRUE(depth.on_snapshot(100, std::span(&snap_bid, 1), {}).ok());
  EXPECT_TRUE(depth.synced());
  EXPECT_EQ(depth.buffered(), 0u);
  EXPECT_EQ(depth.book().best_raw(BookSide::kBid), bid);
  EXPECT_EQ(depth.book().best_raw(BookSide::kAsk), ask);
  // A snapshot that the buffered diffs cannot follow is reported.
  BinanceDepthBook late(BinanceMarket::kSpot, 2, 3);
  EXPECT_EQ(late.on_diff({120, 125, 0}, {}, {}), DiffAction::kBuffer);
  EXPECT_EQ(late.on_snapshot(100, {}, {}).error().code(), ErrorCode::kState);
  EXPECT_FALSE(late.synced());
  // A negative quantity empties the book and asks for a resync.
  const RawLevel bad{10000, -1};
  EXPECT_EQ(depth.on_diff({104, 104, 0}, std::span(&bad, 1), {}), DiffAction::kGap);
  EXPECT_FALSE(depth.synced());
  EXPECT_EQ(depth.book().level_count(BookSide::kAsk), 0u);
}

}  // namespace
}  // namespace omega
