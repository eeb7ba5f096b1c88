#include "model/order_book.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace omega {
namespace {

TEST(OrderBook, SnapshotSortsAndSkipsZeroQuantities) {
  OrderBook book(2, 3);
  const std::vector<RawLevel> bids = {{10000, 5}, {10020, 1}, {9990, 0}, {10010, 2}};
  const std::vector<RawLevel> asks = {{10050, 4}, {10030, 3}, {10100, 9}};
  ASSERT_TRUE(book.apply_snapshot(bids, asks).ok());
  EXPECT_EQ(book.level_count(BookSide::kBid), 3u);
  EXPECT_EQ(book.best_bid()->price.to_string(), "100.20");
  EXPECT_EQ(book.best_bid()->quantity.to_string(), "0.001");
  EXPECT_EQ(book.best_ask()->price.to_string(), "100.30");
  EXPECT_EQ(book.mid().value().to_string(), "100.250");
  EXPECT_EQ(book.spread().value().to_string(), "0.10");
  EXPECT_FALSE(book.is_crossed());
  // Best level at the end of each side.
  EXPECT_EQ(book.levels(BookSide::kBid).back().price, 10020);
  EXPECT_EQ(book.levels(BookSide::kAsk).back().price, 10030);
}

TEST(OrderBook, RefusesBadSnapshots) {
  OrderBook book(2, 3);
  const std::vector<RawLevel> dup = {{10000, 5}, {10000, 1}};
  EXPECT_EQ(book.apply_snapshot(dup, {}).error().code(), ErrorCode::kValidation);
  EXPECT_EQ(book.level_count(BookSide::kBid), 0u);
  const std::vector<RawLevel> negative = {{10000, -5}};
  EXPECT_EQ(book.apply_snapshot({}, negative).error().code(), ErrorCode::kValidation);
}

TEST(OrderBook, DeltasInsertUpdateAndRemove) {
  OrderBook book(1, 0);
  ASSERT_TRUE(book.apply_snapshot(std::vector<RawLevel>{{100, 1}, {99, 1}},
                                  std::vector<RawLevel>{{101, 1}, {102, 1}})
                  .ok());
  book.apply(BookSide::kBid, 100, 7);  // update the top
  EXPECT_EQ(book.best_raw(BookSide::kBid)->quantity, 7);
  book.apply(BookSide::kBid, 100, 0);  // remove the top
  EXPECT_EQ(book.best_raw(BookSide::kBid)->price, 99);
  book.apply(BookSide::kBid, 50, 3);   // insert deep
  book.apply(BookSide::kBid, 100, 0);  // removing an absent level is a no-op
  EXPECT_EQ(book.level_count(BookSide::kBid), 2u);
  book.apply(BookSide::kAsk, 100, 2);  // a new best ask below the old one
  EXPECT_EQ(book.best_raw(BookSide::kAsk)->price, 100);
  EXPECT_FALSE(book.is_crossed());
  book.apply(BookSide::kBid, 100, 1);  // locked: bid == ask
  EXPECT_TRUE(book.is_crossed());
  EXPECT_FALSE(book.apply(BookSide::kAsk, 100, -1));
  EXPECT_EQ(book.best_raw(BookSide::kAsk)->quantity, 2);
}

TEST(OrderBook, DepthIsCumulativeFromTheBest) {
  OrderBook book(0, 0);
  ASSERT_TRUE(book.apply_snapshot(std::vector<RawLevel>{{10, 1}, {9, 2}, {8, 3}},
                                  std::vector<RawLevel>{{11, 4}, {12, 5}})
                  .ok());
  const auto bids = book.depth(BookSide::kBid, 2);
  ASSERT_EQ(bids.size(), 2u);
  EXPECT_EQ(bids[0].price.raw(), 10);
  EXPECT_EQ(bids[1].price.raw(), 9);
  EXPECT_EQ(bids[1].cumulative.raw(), 3);
  const auto asks = book.depth(BookSide::kAsk, 10);
  ASSERT_EQ(asks.size(), 2u);
  EXPECT_EQ(asks[1].price.raw(), 12);
  EXPECT_EQ(asks[1].cumulative.raw(), 9);
}

TEST(OrderBook, EmptySidesAreReported) {
  OrderBook book(2, 2);
  EXPECT_FALSE(book.best_bid().has_value());
  EXPECT_EQ(book.mid().error().code(), ErrorCode::kState);
  EXPECT_EQ(book.spread().error().code(), ErrorCode::kState);
  EXPECT_FALSE(book.is_crossed());
  OrderBook max_precision(18, 0);
  ASSERT_TRUE(
      max_precision.apply_snapshot(std::vector<RawLevel>{{1, 1}}, std::vector<RawLevel>{{4, 1}})
          .ok());
  EXPECT_EQ(max_precision.mid().value().raw(), 2);  // 2.5 rounds half-even at 18 digits
}

// Random deltas near and far from the top (through many block splits and removals) agree with
// a std::map reference at every step.
TEST(OrderBook, SeededRandomDeltasMatchReference) {
  std::mt19937_64 rng(20240808);
  OrderBook book(2, 3);
  std::map<std::int64_t, std::int64_t, std::greater<>> ref_bids;
  std::map<std::int64_t, std::int64_t> ref_asks;
  for (int i = 0; i < 200'000; ++i) {
    const bool bid = (rng() & 1) != 0;
    // Mostly near the top (within 20 ticks of 10000/10001), sometimes far away.
    const std::int64_t offset = (rng() % 10 == 0) ? static_cast<std::int64_t>(rng() % 5000)
                                                  : static_cast<std::int64_t>(rng() % 20);
    const std::int64_t price = bid ? 10000 - offset : 10001 + offset;
    const std::int64_t qty = (rng() % 3 == 0) ? 0 : static_cast<std::int64_t>(rng() % 1000 + 1);
    book.apply(bid ? BookSide::kBid : BookSide::kAsk, price, qty);
    if (bid) {
      if (qty == 0)
        ref_bids.erase(price);
      else
        ref_bids[price] = qty;
    } else {
      if (qty == 0)
        ref_asks.erase(price);
      else
        ref_asks[price] = qty;
    }
    ASSERT_EQ(book.level_count(BookSide::kBid), ref_bids.size());
    ASSERT_EQ(book.level_count(BookSide::kAsk), ref_asks.size());
    if (!ref_bids.empty()) {
      ASSERT_EQ(book.best_raw(BookSide::kBid)->price, ref_bids.begin()->first);
      ASSERT_EQ(book.best_raw(BookSide::kBid)->quantity, ref_bids.begin()->second);
    }
    if (!ref_asks.empty()) {
      ASSERT_EQ(book.best_raw(BookSide::kAsk)->price, ref_asks.begin()->first);
    }
    if (i % 5000 == 0) {
      // Whole-side check across block splits and removals.
      const auto levels = book.levels(BookSide::kBid);
      ASSERT_EQ(levels.size(), ref_bids.size());
      std::size_t k = levels.size();
      for (const auto& [ref_price, ref_quantity] : ref_bids) {
        --k;
        ASSERT_EQ(levels[k].price, ref_price);
        ASSERT_EQ(levels[k].quantity, ref_quantity);
      }
    }
  }
  // Full contents agree too.
  std::size_t k = 0;
  const auto bids = book.levels(BookSide::kBid);
  for (const auto& [price, qty] : ref_bids) {
    const RawLevel& level = bids[bids.size() - 1 - k++];
    ASSERT_EQ(level.price, price);
    ASSERT_EQ(level.quantity, qty);
  }
  k = 0;
  const auto asks = book.levels(BookSide::kAsk);
  for (const auto& [price, qty] : ref_asks) {
    const RawLevel& level = asks[asks.size() - 1 - k++];
    ASSERT_EQ(level.price, price);
    ASSERT_EQ(level.quantity, qty);
  }
}

}  // namespace
}  // namespace omega
