#include "model/order_book.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace omega {
namespace {

// Sorts into worst-to-best order and checks for repeated prices and negative quantities.
Status load_side(std::span<const RawLevel> in, bool bids, std::vector<RawLevel>& out) {
  out.clear();
  out.reserve(in.size() + in.size() / 2);
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
  const auto dup = std::adjacent_find(
      out.begin(), out.end(), [](const RawLevel& a, const RawLevel& b) { return a.price == b.price; });
  if (dup != out.end()) {
    return Error(ErrorCode::kValidation,
                 fmt::format("snapshot repeats the {} price raw {}", bids ? "bid" : "ask", dup->price));
  }
  return ok_status();
}

}  // namespace

std::string_view to_string(BookSide side) { return side == BookSide::kBid ? "bid" : "ask"; }

OrderBook::OrderBook(int price_precision, int quantity_precision)
    : price_precision_(price_precision), quantity_precision_(quantity_precision) {
  OMEGA_ASSERT(price_precision >= 0 && price_precision <= kMaxDecimalPrecision,
               "book price precision outside 0..18");
  OMEGA_ASSERT(quantity_precision >= 0 && quantity_precision <= kMaxDecimalPrecision,
               "book quantity precision outside 0..18");
}

void OrderBook::clear() {
  bids_.clear();
  asks_.clear();
}

Status OrderBook::apply_snapshot(std::span<const RawLevel> bids, std::span<const RawLevel> asks) {
  Status s = load_side(bids, true, bids_);
  if (s.ok()) s = load_side(asks, false, asks_);
  if (!s.ok()) clear();
  return s;
}

Result<Price> OrderBook::mid() const {
  if (bids_.empty() || asks_.empty()) {
    return Error(ErrorCode::kState, "mid of a book with an empty side");
  }
  const Int128 sum = static_cast<Int128>(bids_.back().price) + asks_.back().price;
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
  if (bids_.empty() || asks_.empty()) {
    return Error(ErrorCode::kState, "spread of a book with an empty side");
  }
  std::int64_t diff = 0;
  if (__builtin_sub_overflow(asks_.back().price, bids_.back().price, &diff)) {
    return Error(ErrorCode::kOverflow, "spread does not fit in 64 bits");
  }
  return Price::from_raw_unchecked(diff, price_precision_);
}

std::vector<DepthLevel> OrderBook::depth(BookSide side, std::size_t n) const {
  const std::span<const RawLevel> v = levels(side);
  const std::size_t count = std::min(n, v.size());
  std::vector<DepthLevel> out;
  out.reserve(count);
  std::int64_t cumulative = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const RawLevel& level = v[v.size() - 1 - k];
    // Saturate rather than wrap: a depth view is for display and analytics.
    if (__builtin_add_overflow(cumulative, level.quantity, &cumulative)) cumulative = INT64_MAX;
    out.push_back(DepthLevel{Price::from_raw_unchecked(level.price, price_precision_),
                             Quantity::from_raw_unchecked(level.quantity, quantity_precision_),
                             Quantity::from_raw_unchecked(cumulative, quantity_precision_)});
  }
  return out;
}

}  // namespace omega
