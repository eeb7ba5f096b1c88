// Provides OrderBook: a venue-neutral L2 book (price -> quantity per side) with top-of-book,
// depth, mid, spread and crossed-book queries, built for fast delta application.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "model/fixed_point.hpp"

namespace omega {

// Which side of a book.
enum class BookSide : std::uint8_t { kBid, kAsk };

// One level in raw units of the book's price and quantity precisions.
struct RawLevel {
  std::int64_t price = 0;
  std::int64_t quantity = 0;
  friend bool operator==(const RawLevel&, const RawLevel&) = default;
};

// One level as exact decimals.
struct BookLevel {
  Price price;
  Quantity quantity;
};

// One level of a depth view with the quantity summed from the best level down to it.
struct DepthLevel {
  Price price;
  Quantity quantity;
  Quantity cumulative;
};

// An L2 book. Each side is a sorted sequence of raw levels ordered worst to best, cut into
// blocks of at most kBlockCapacity levels, with the BEST level at the END of the last block.
// Why blocks: the Binance USD-M stream updates levels across the whole book (thousands of
// levels, most changes away from the top), so one flat sorted array moves kilobytes per insert
// or erase; a block bounds that to one small block, and the block index (each block's worst
// price) keeps the search to two short binary searches. Updates scan from the best end first,
// because the top of the book still changes most often. Prices and quantities are fixed at
// construction to the instrument's precisions; callers convert text straight to raw
// (parse_decimal_fast).
class OrderBook {
 public:
  // Levels per block: 64 x 16 bytes = 1 KiB, so an insert moves at most 1 KiB.
  static constexpr std::uint32_t kBlockCapacity = 64;

  OrderBook(int price_precision, int quantity_precision);
  OrderBook(const OrderBook& other);
  OrderBook& operator=(const OrderBook& other);
  OrderBook(OrderBook&&) noexcept = default;
  OrderBook& operator=(OrderBook&&) noexcept = default;
  ~OrderBook() = default;

  int price_precision() const { return price_precision_; }
  int quantity_precision() const { return quantity_precision_; }

  // Removes every level.
  void clear();

  // Replaces the whole book. Levels may come in any order; zero quantities are skipped.
  // Fails (kValidation) on a negative quantity or a price repeated on one side; the book is
  // left empty then.
  Status apply_snapshot(std::span<const RawLevel> bids, std::span<const RawLevel> asks);

  // Sets one level's quantity, or removes the level when quantity is 0 (removing an absent
  // level is a no-op, as venues send such deltas). Returns false, changing nothing, for a
  // negative quantity.
  bool apply(BookSide side, std::int64_t price, std::int64_t quantity) {
    if (quantity < 0) [[unlikely]]
      return false;
    if (side == BookSide::kBid) {
      update<true>(bids_, price, quantity);
    } else {
      update<false>(asks_, price, quantity);
    }
    return true;
  }

  // Returns the number of levels on a side.
  std::size_t level_count(BookSide side) const { return side_of(side).count; }
  // Returns a copy of a side's levels, worst to best (the best is back()).
  std::vector<RawLevel> levels(BookSide side) const;
  // Returns the best level of a side in raw units, if the side is not empty.
  std::optional<RawLevel> best_raw(BookSide side) const {
    const Side& s = side_of(side);
    if (s.blocks.empty()) return std::nullopt;
    const Block& top = *s.blocks.back();
    return top.items[top.size - 1];
  }
  // Returns the highest bid.
  std::optional<BookLevel> best_bid() const { return to_level(best_raw(BookSide::kBid)); }
  // Returns the lowest ask.
  std::optional<BookLevel> best_ask() const { return to_level(best_raw(BookSide::kAsk)); }

  // Returns true when both sides exist and best bid >= best ask (crossed or locked): a sound
  // venue book never is, so this flags a missed update.
  bool is_crossed() const {
    const auto bid = best_raw(BookSide::kBid);
    const auto ask = best_raw(BookSide::kAsk);
    return bid && ask && bid->price >= ask->price;
  }

  // Returns (best bid + best ask) / 2 exactly, with one more fraction digit than the book's
  // prices (at 18 digits it rounds half-even instead). kState when a side is empty.
  Result<Price> mid() const;
  // Returns best ask - best bid. kState when a side is empty.
  Result<Price> spread() const;

  // Returns up to `n` levels of a side, best first, with cumulative quantities.
  std::vector<DepthLevel> depth(BookSide side, std::size_t n) const;

 private:
  struct Block {
    std::uint32_t size = 0;
    RawLevel items[kBlockCapacity];
  };
  struct Side {
    std::vector<std::unique_ptr<Block>> blocks;  // worst to best
    std::vector<std::int64_t> firsts;            // blocks[b]->items[0].price (its worst)
    std::size_t count = 0;
  };

  // Scans this many levels (or blocks) from the best before switching to binary search.
  static constexpr std::size_t kLinearScan = 4;

  template <bool kBid>
  static bool better(std::int64_t a, std::int64_t b) {
    if constexpr (kBid) {
      return a > b;
    } else {
      return a < b;
    }
  }

  const Side& side_of(BookSide side) const { return side == BookSide::kBid ? bids_ : asks_; }

  // Finds the block and the position in it where `price` is or belongs, then updates,
  // inserts or erases there.
  template <bool kBid>
  static void update(Side& s, std::int64_t price, std::int64_t quantity) {
    if (s.blocks.empty()) {
      if (quantity != 0) insert_first(s, price, quantity);
      return;
    }
    // b = the last block whose worst level is not better than `price` (or 0).
    std::size_t b = s.firsts.size();
    std::size_t scanned = 0;
    while (b > 0 && better<kBid>(s.firsts[b - 1], price)) {
      --b;
      if (++scanned == kLinearScan) {
        b = upper_bound<kBid>(s.firsts.data(), b, price);
        break;
      }
    }
    if (b > 0) --b;
    Block& block = *s.blocks[b];
    // i = the first index in the block whose level is better than `price`.
    std::size_t i = block.size;
    scanned = 0;
    while (i > 0 && better<kBid>(block.items[i - 1].price, price)) {
      --i;
      if (++scanned == kLinearScan) {
        i = upper_bound_levels<kBid>(block.items, i, price);
        break;
      }
    }
    if (i > 0 && block.items[i - 1].price == price) {
      if (quantity != 0) {
        block.items[i - 1].quantity = quantity;
      } else {
        erase_at(s, b, i - 1);
      }
    } else if (quantity != 0) {
      insert_at(s, b, i, RawLevel{price, quantity});
    }
  }

  // Returns the first index in [0, end) of `prices` that is better than `price`. Branchless
  // (the conditional add compiles to cmov): where deltas land is unpredictable, and
  // mispredicted branches dominated a branchy binary search on the real replay.
  template <bool kBid>
  static std::size_t upper_bound(const std::int64_t* prices, std::size_t end, std::int64_t price) {
    if (end == 0) return 0;
    std::size_t base = 0;
    std::size_t n = end;
    while (n > 1) {
      const std::size_t half = n / 2;
      base = better<kBid>(prices[base + half], price) ? base : base + half;
      n -= half;
    }
    return base + (better<kBid>(prices[base], price) ? 0 : 1);
  }
  template <bool kBid>
  static std::size_t upper_bound_levels(const RawLevel* levels, std::size_t end,
                                        std::int64_t price) {
    if (end == 0) return 0;
    std::size_t base = 0;
    std::size_t n = end;
    while (n > 1) {
      const std::size_t half = n / 2;
      base = better<kBid>(levels[base + half].price, price) ? base : base + half;
      n -= half;
    }
    return base + (better<kBid>(levels[base].price, price) ? 0 : 1);
  }

  // Compiled slow paths: allocation, block splits and removals.
  static void insert_first(Side& s, std::int64_t price, std::int64_t quantity);
  static void insert_at(Side& s, std::size_t b, std::size_t i, RawLevel level);
  static void erase_at(Side& s, std::size_t b, std::size_t i);
  static void copy_side(const Side& from, Side& to);

  std::optional<BookLevel> to_level(std::optional<RawLevel> raw) const {
    if (!raw) return std::nullopt;
    return BookLevel{Price::from_raw_unchecked(raw->price, price_precision_),
                     Quantity::from_raw_unchecked(raw->quantity, quantity_precision_)};
  }

  Side bids_;  // ascending price: best (highest) at the end
  Side asks_;  // descending price: best (lowest) at the end
  int price_precision_;
  int quantity_precision_;
};

// Returns "bid" or "ask".
std::string_view to_string(BookSide side);

}  // namespace omega
