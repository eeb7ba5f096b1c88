#include "model/order_book.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace omega {
namespace {

// Sorts into worst-to-best order and checks for repeated prices and negative quantities.
Status load_side(std::span<const RawLevel> in, bool bids, std::vector<RawLevel>& out) {
  out.clear();
  out.reserve(in.size());
  for (const RawLevel& level : in) {
    if (level.quantity < 0) {
      return Error(ErrorCode::kValidation, fmt::format("snapshot level with negative quantity"));
    }
    if (level.quantity > 0) out.push_back(level);
  }
  if (bids) {
    std::sort(out.begin(), out.end(),
              [](const RawLevel& a, const RawLevel& b) { return a.price < b.price; });
  } else {
    std::sort(out.begin(), out.end(),
              [](const RawLevel& a, const RawLevel& b) { return a.price > b.price; });
  }
  const auto dup =
      std::adjacent_find(out.begin(), out.end(),
                         [](const RawLevel& a, const RawLevel& b) { return a.price == b.price; });
  if (dup != out.end()) {
    return Error(ErrorCode::kValidation, fmt::format("snapshot repeats the {} price raw {}",
                                                     bids ? "bid" : "ask", dup->price));
  }
  return ok_status();
}

}  // namespace

std::string_view to_string(BookSide side) {
  return side == BookSide::kBid ? "bid" : "ask";
}

OrderBook::OrderBook(int price_precision, int quantity_precision)
    : price_precision_(price_precision), quantity_precision_(quantity_precision) {
  OMEGA_ASSERT(price_precision >= 0 && price_precision <= kMaxDecimalPrecision,
               "book price precision outside 0..18");
  OMEGA_ASSERT(quantity_precision >= 0 && quantity_precision <= kMaxDecimalPrecision,
               "book quantity precision outside 0..18");
}

OrderBook::OrderBook(const OrderBook& other)
    : price_precision_(other.price_precision_), quantity_precision_(other.quantity_precision_) {
  copy_side(other.bids_, bids_);
  copy_side(other.asks_, asks_);
}

OrderBook& OrderBook::operator=(const OrderBook& other) {
  if (this != &other) {
    price_precision_ = other.price_precision_;
    quantity_precision_ = other.quantity_precision_;
    copy_side(other.bids_, bids_);
    copy_side(other.asks_, asks_);
  }
  return *this;
}

void OrderBook::copy_side(const Side& from, Side& to) {
  to.blocks.clear();
  to.blocks.reserve(from.blocks.size());
  for (const auto& block : from.blocks) to.blocks.push_back(std::make_unique<Block>(*block));
  to.firsts = from.firsts;
  to.count = from.count;
}

void OrderBook::clear() {
  for (Side* s : {&bids_, &asks_}) {
    s->blocks.clear();
    s->firsts.clear();
    s->count = 0;
  }
}

Status OrderBook::apply_snapshot(std::span<const RawLevel> bids, std::span<const RawLevel> asks) {
  clear();
  std::vector<RawLevel> sorted;
  for (const bool is_bid : {true, false}) {
    Status st = load_side(is_bid ? bids : asks, is_bid, sorted);
    if (!st.ok()) {
      clear();
      return st;
    }
    Side& s = is_bid ? bids_ : asks_;
    // Fill blocks to three quarters so the first inserts do not split at once.
    constexpr std::size_t kFill = kBlockCapacity * 3 / 4;
    for (std::size_t at = 0; at < sorted.size(); at += kFill) {
      auto block = std::make_unique<Block>();
      const std::size_t n = std::min(kFill, sorted.size() - at);
      std::copy(sorted.begin() + static_cast<std::ptrdiff_t>(at),
                sorted.begin() + static_cast<std::ptrdiff_t>(at + n), block->items);
      block->size = static_cast<std::uint32_t>(n);
      s.firsts.push_back(block->items[0].price);
      s.blocks.push_back(std::move(block));
    }
    s.count = sorted.size();
  }
  return ok_status();
}

void OrderBook::insert_first(Side& s, std::int64_t price, std::int64_t quantity) {
  auto block = std::make_unique<Block>();
  block->items[0] = RawLevel{price, quantity};
  block->size = 1;
  s.firsts.push_back(price);
  s.blocks.push_back(std::move(block));
  s.count = 1;
}

void OrderBook::insert_at(Side& s, std::size_t b, std::size_t i, RawLevel level) {
  Block* block = s.blocks[b].get();
  if (block->size == kBlockCapacity) {
    // Split: the better half moves to a new block right after this one.
    constexpr std::uint32_t kHalf = kBlockCapacity / 2;
    auto upper = std::make_unique<Block>();
    std::copy(block->items + kHalf, block->items + kBlockCapacity, upper->items);
    upper->size = kBlockCapacity - kHalf;
    block->size = kHalf;
    const auto at = static_cast<std::ptrdiff_t>(b + 1);
    s.firsts.insert(s.firsts.begin() + at, upper->items[0].price);
    s.blocks.insert(s.blocks.begin() + at, std::move(upper));
    if (i > kHalf) {
      b += 1;
      i -= kHalf;
      block = s.blocks[b].get();
    }
  }
  std::copy_backward(block->items + i, block->items + block->size, block->items + block->size + 1);
  block->items[i] = level;
  ++block->size;
  if (i == 0) s.firsts[b] = level.price;
  ++s.count;
}

void OrderBook::erase_at(Side& s, std::size_t b, std::size_t i) {
  Block* block = s.blocks[b].get();
  std::copy(block->items + i + 1, block->items + block->size, block->items + i);
  --block->size;
  --s.count;
  if (block->size == 0) {
    const auto at = static_cast<std::ptrdiff_t>(b);
    s.blocks.erase(s.blocks.begin() + at);
    s.firsts.erase(s.firsts.begin() + at);
  } else if (i == 0) {
    s.firsts[b] = block->items[0].price;
  }
}

std::vector<RawLevel> OrderBook::levels(BookSide side) const {
  const Side& s = side_of(side);
  std::vector<RawLevel> out;
  out.reserve(s.count);
  for (const auto& block : s.blocks)
    out.insert(out.end(), block->items, block->items + block->size);
  return out;
}

Result<Price> OrderBook::mid() const {
  const auto bid = best_raw(BookSide::kBid);
  const auto ask = best_raw(BookSide::kAsk);
  if (!bid || !ask) return Error(ErrorCode::kState, "mid of a book with an empty side");
  const Int128 sum = static_cast<Int128>(bid->price) + ask->price;
  if (price_precision_ < kMaxDecimalPrecision) {
    // (a + b) / 2 = (a + b) * 5 / 10: exact with one more digit.
    const Int128 raw = sum * 5;
    if (raw > INT64_MAX || raw < INT64_MIN) {
      return Error(ErrorCode::kOverflow, "mid price does not fit in 64 bits");
    }
    return Price::from_raw_unchecked(static_cast<std::int64_t>(raw), price_precision_ + 1);
  }
  Int128 q = 0;
  round_div_i128(sum, 2, Rounding::kHalfEven, q);
  return Price::from_raw_unchecked(static_cast<std::int64_t>(q), price_precision_);
}

Result<Price> OrderBook::spread() const {
  const auto bid = best_raw(BookSide::kBid);
  const auto ask = best_raw(BookSide::kAsk);
  if (!bid || !ask) return Error(ErrorCode::kState, "spread of a book with an empty side");
  std::int64_t diff = 0;
  if (__builtin_sub_overflow(ask->price, bid->price, &diff)) {
    return Error(ErrorCode::kOverflow, "spread does not fit in 64 bits");
  }
  return Price::from_raw_unchecked(diff, price_precision_);
}

std::vector<DepthLevel> OrderBook::depth(BookSide side, std::size_t n) const {
  const Side& s = side_of(side);
  std::vector<DepthLevel> out;
  out.reserve(std::min(n, s.count));
  std::int64_t cumulative = 0;
  for (auto b = s.blocks.rbegin(); b != s.blocks.rend() && out.size() < n; ++b) {
    const Block& block = **b;
    for (std::uint32_t k = block.size; k > 0 && out.size() < n; --k) {
      const RawLevel& level = block.items[k - 1];
      // Saturate rather than wrap: a depth view is for display and analytics.
      if (__builtin_add_overflow(cumulative, level.quantity, &cumulative)) cumulative = INT64_MAX;
      out.push_back(DepthLevel{Price::from_raw_unchecked(level.price, price_precision_),
                               Quantity::from_raw_unchecked(level.quantity, quantity_precision_),
                               Quantity::from_raw_unchecked(cumulative, quantity_precision_)});
    }
  }
  return out;
}

}  // namespace omega
