// Benchmarks order book delta application on the real Binance captures: deltas are parsed
// once into vectors, then applied in the timed loop; items = level updates.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "model/binance_depth_sequencer.hpp"
#include "model/order_book.hpp"
#include "model/testing/binance_capture.hpp"

namespace omega {
namespace {

struct LevelUpdate {
  BookSide side;
  std::int64_t price;
  std::int64_t quantity;
};

// The snapshot book plus the level updates the sequencer would apply after it, in order.
struct Replay {
  testing::BinanceCapture capture;
  OrderBook seeded{0, 0};
  std::vector<LevelUpdate> updates;
  std::size_t applied_diffs = 0;
};

// Loads (once) the spot or USD-M capture and flattens the diffs the sequencer applies.
const Replay& load(bool usdm) {
  static Replay cache[2];
  static bool loaded[2] = {false, false};
  const int k = usdm ? 1 : 0;
  if (loaded[k]) return cache[k];
  const std::string file = std::string(OMEGA_DATA_DIR) + "/orderbook/" +
                           (usdm ? "binance_usdm_btcusdt_ws_2024-08-08.jsonl.gz"
                                 : "binance_spot_btcusdt_ws_2024-08-08.jsonl.gz");
  const int pp = 2;
  const int qp = usdm ? 3 : 8;
  Replay& r = cache[k];
  auto capture = testing::load_binance_capture(file, pp, qp);
  if (!capture.ok()) {
    std::fprintf(stderr, "%s\n", capture.error().to_string().c_str());
    std::abort();
  }
  r.capture = std::move(capture).value();
  r.seeded = OrderBook(pp, qp);
  const auto& snap = r.capture.snapshots.at(0);
  if (!r.seeded.apply_snapshot(snap.bids, snap.asks).ok()) std::abort();
  BinanceDepthSequencer seq(usdm ? BinanceMarket::kUsdm : BinanceMarket::kSpot);
  seq.on_snapshot(snap.last_update_id);
  for (const auto& diff : r.capture.diffs) {
    if (seq.on_diff(diff.ids) != DiffAction::kApply) continue;
    ++r.applied_diffs;
    for (const RawLevel& l : diff.bids) r.updates.push_back({BookSide::kBid, l.price, l.quantity});
    for (const RawLevel& l : diff.asks) r.updates.push_back({BookSide::kAsk, l.price, l.quantity});
  }
  loaded[k] = true;
  return r;
}

// Raw OrderBook::apply over every level update of the session (the copy of the ~1000-level
// snapshot book at the start of each pass is included and is < 1% of the pass).
void BM_OrderBookApplyReplay(benchmark::State& state) {
  const Replay& r = load(state.range(0) == 1);
  std::int64_t checksum = 0;
  for (auto _ : state) {
    OrderBook book = r.seeded;
    for (const LevelUpdate& u : r.updates) book.apply(u.side, u.price, u.quantity);
    checksum += book.best_raw(BookSide::kBid)->price;
    benchmark::DoNotOptimize(checksum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * r.updates.size()));
  state.counters["updates_per_pass"] = static_cast<double>(r.updates.size());
  state.counters["diffs_per_pass"] = static_cast<double>(r.applied_diffs);
}
BENCHMARK(BM_OrderBookApplyReplay)->Arg(1)->Arg(0)->ArgNames({"usdm"});

// The same session through BinanceDepthBook: snapshot, sequencing and buffering included.
void BM_BinanceDepthBookReplay(benchmark::State& state) {
  const bool usdm = state.range(0) == 1;
  const Replay& r = load(usdm);
  const auto& snap = r.capture.snapshots.at(0);
  std::size_t levels = 0;
  for (auto _ : state) {
    BinanceDepthBook depth(usdm ? BinanceMarket::kUsdm : BinanceMarket::kSpot, 2, usdm ? 3 : 8);
    bool seeded = false;
    for (const auto& ev : r.capture.events) {
      if (ev.kind == testing::CaptureEvent::Kind::kSnapshot) {
        seeded = depth.on_snapshot(snap.last_update_id, snap.bids, snap.asks).ok();
      } else if (ev.kind == testing::CaptureEvent::Kind::kDiff) {
        const auto& d = r.capture.diffs[ev.index];
        depth.on_diff(d.ids, d.bids, d.asks);
      }
    }
    benchmark::DoNotOptimize(seeded);
    levels = r.capture.level_update_count;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * levels));
}
BENCHMARK(BM_BinanceDepthBookReplay)->Arg(1)->Arg(0)->ArgNames({"usdm"});

}  // namespace
}  // namespace omega
