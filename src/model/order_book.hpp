// Provides OrderBook: a venue-neutral L2 book (price -> quantity per side) with top-of-book,
// depth, mid, spread and crossed-book queries, built for fast delta application.
#pragma once

#include <cstddef>
#include <cstdint>
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

// An L2 book. Each side is a sorted contiguous array of raw levels with the BEST level at the
// END (bids ascending, asks descending): most updates touch the top of the book, so inserting
// or erasing there moves only the few levels behind it, and the search scans from the end
// before falling back to binary search. Prices and quantities are fixed at construction to the
// instrument's precisions; callers convert text straight to raw (parse_decimal_fast).
class OrderBook {
 public:
  OrderBook(int price_precision, int quantity_precision);

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
    if (quantity < 0) [[unlikely]] return false;
    if (side == BookSide::kBid) {
      update<true>(bids_, price, quantity);
    } else {
      update<false>(asks_, price, quantity);
    }
    return true;
  }

  // Returns the number of levels on a side.
  std::size_t level_count(BookSide side) const { return levels(side).size(); }
  // Returns a side's levels worst to best (the best is back()).
  std::span<const RawLevel> levels(BookSide side) const {
    return side == BookSide::kBid ? std::span<const RawLevel>(bids_)
                                  : std::span<const RawLevel>(asks_);
  }
  // Returns the best level of a side in raw units, if the side is not empty.
  std::optional<RawLevel> best_raw(BookSide side) const {
    const auto& v = side == BookSide::kBid ? bids_ : asks_;
    if (v.empty()) return std::nullopt;
    return v.back();
  }
  // Returns the highest bid.
  std::optional<BookLevel> best_bid() const { return to_level(best_raw(BookSide::kBid)); }
  // Returns the lowest ask.
  std::optional<BookLevel> best_ask() const { return to_level(best_raw(BookSide::kAsk)); }

  // Returns true when both sides exist and best bid >= best ask (crossed or locked): a sound
  // venue book never is, so this flags a missed update.
  bool is_crossed() const {
    return !bids_.empty() && !asks_.empty() && bids_.back().price >= asks_.back().price;
  }

  // Returns (best bid + best ask) / 2 exactly, with one more fraction digit than the book's
  // prices (at 18 digits it rounds half-even instead). kState when a side is empty.
  Result<Price> mid() const;
  // Returns best ask - best bid. kState when a side is empty.
  Result<Price> spread() const;

  // Returns up to `n` levels of a side, best first, with cumulative quantities.
  std::vector<DepthLevel> depth(BookSide side, std::size_t n) const;

 private:
  // Scans this many levels from the best before switching to binary search.
  static constexpr std::size_t kLinearScan = 8;

  template <bool kBid>
  static bool better(std::int64_t a, std::int64_t b) {
    if constexpr (kBid) {
      return a > b;
    } else {
      return a < b;
    }
  }

  // Finds the first index whose level is not better than `price` (levels after it are
  // better), then updates, inserts or erases there.
  template <bool kBid>
  static void update(std::vector<RawLevel>& v, std::int64_t price, std::int64_t quantity) {
    std::size_t i = v.size();
    std::size_t scanned = 0;
    while (i > 0 && better<kBid>(v[i - 1].price, price)) {
      --i;
      if (++scanned == kLinearScan) {
        i = lower_bound<kBid>(v, i, price);
        break;
      }
    }
    if (i > 0 && v[i - 1].price == price) {
      if (quantity == 0) {
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(i - 1));
      } else {
        v[i - 1].quantity = quantity;
      }
    } else if (quantity != 0) {
      v.insert(v.begin() + static_cast<std::ptrdiff_t>(i), RawLevel{price, quantity});
    }
  }

  // Returns the first index in [0, end) whose level is better than `price`.
  template <bool kBid>
  static std::size_t lower_bound(const std::vector<RawLevel>& v, std::size_t end,
                                 std::int64_t price) {
    std::size_t lo = 0;
    std::size_t hi = end;
    while (lo < hi) {
      const std::size_t m = lo + (hi - lo) / 2;
      if (better<kBid>(v[m].price, price)) {
        hi = m;
      } else {
        lo = m + 1;
      }
    }
    return lo;
  }

  std::optional<BookLevel> to_level(std::optional<RawLevel> raw) const {
    if (!raw) return std::nullopt;
    return BookLevel{Price::from_raw_unchecked(raw->price, price_precision_),
                     Quantity::from_raw_unchecked(raw->quantity, quantity_precision_)};
  }

  std::vector<RawLevel> bids_;  // ascending price: best (highest) at the end
  std::vector<RawLevel> asks_;  // descending price: best (lowest) at the end
  int price_precision_;
  int quantity_precision_;
};

// Returns "bid" or "ask".
std::string_view to_string(BookSide side);

}  // namespace omega
