// Implements SmaCross.
#include "bots/sma_cross.hpp"

#include <fmt/format.h>

namespace omega::bots {

Status SmaCross::on_initialize(const Config& params) {
  OMEGA_TRY(params.check_keys({"fast", "slow", "fee_reserve"}));
  OMEGA_ASSIGN_OR_RETURN(fast_, params.get_or<std::int64_t>("fast", 10));
  OMEGA_ASSIGN_OR_RETURN(slow_, params.get_or<std::int64_t>("slow", 30));
  OMEGA_ASSIGN_OR_RETURN(std::string reserve, params.get_or<std::string>("fee_reserve", "0.001"));
  if (fast_ < 1 || slow_ <= fast_ || slow_ > 100'000) {
    return params.invalid("slow", "needs 1 <= fast < slow <= 100000");
  }
  auto parsed = Rate::parse(reserve);
  if (!parsed.ok() || parsed->is_negative()) {
    return params.invalid("fee_reserve", "must be a decimal >= 0, e.g. 0.001");
  }
  fee_reserve_ = *parsed;
  closes_.assign(static_cast<std::size_t>(slow_), 0);
  return ok_status();
}

void SmaCross::on_candle(const engine::CandleClosed& event) {
  const std::int64_t close = event.candle.close.raw();
  // Two cursors walk the ring instead of a modulo per bar (a division costs more than the rest).
  const std::size_t n = closes_.size();
  const std::int64_t leaving_slow = seen_ >= slow_ ? closes_[slot_] : 0;
  const std::int64_t leaving_fast = seen_ >= fast_ ? closes_[fast_slot_] : 0;
  closes_[slot_] = close;
  if (++slot_ == n) slot_ = 0;
  if (seen_ >= fast_ && ++fast_slot_ == n) fast_slot_ = 0;
  ++seen_;
  if (!wide_ && (__builtin_add_overflow(fast_sum_, close, &fast_sum_) ||
                 __builtin_sub_overflow(fast_sum_, leaving_fast, &fast_sum_) ||
                 __builtin_add_overflow(slow_sum_, close, &slow_sum_) ||
                 __builtin_sub_overflow(slow_sum_, leaving_slow, &slow_sum_))) {
    wide_ = true;
  }
  if (seen_ < slow_) return;
  const int sign = compare_averages();
  const int previous = previous_sign_;
  previous_sign_ = sign;
  if (seen_ == slow_) return;  // the first bar with a slow average has no previous one
  const bool golden = previous <= 0 && sign > 0;
  const bool death = previous >= 0 && sign < 0;
  if (golden || death) on_cross(event.instrument, golden);
}

int SmaCross::compare_averages() {
  // fast > slow  <=>  fast_sum / fast > slow_sum / slow  <=>  fast_sum * slow > slow_sum * fast.
  __extension__ using Int128 = __int128;
  Int128 fast_sum = fast_sum_;
  Int128 slow_sum = slow_sum_;
  if (!wide_) {
    std::int64_t lhs = 0;
    std::int64_t rhs = 0;
    // 64-bit products when they fit (always, for real prices); 128-bit otherwise.
    if (!__builtin_mul_overflow(fast_sum_, slow_, &lhs) &&
        !__builtin_mul_overflow(slow_sum_, fast_, &rhs)) {
      return lhs > rhs ? 1 : (lhs < rhs ? -1 : 0);
    }
  } else {
    // Exact sums over the ring: the newest close sits just before slot_.
    const std::size_t n = closes_.size();
    fast_sum = 0;
    slow_sum = 0;
    std::size_t at = slot_;
    for (std::int64_t k = 0; k < slow_; ++k) {
      at = at == 0 ? n - 1 : at - 1;
      slow_sum += closes_[at];
      if (k < fast_) fast_sum += closes_[at];
    }
  }
  const Int128 lhs = fast_sum * slow_;
  const Int128 rhs = slow_sum * fast_;
  return lhs > rhs ? 1 : (lhs < rhs ? -1 : 0);
}

void SmaCross::on_cross(engine::InstrumentIndex instrument, bool golden) {
  const engine::Portfolio& account = ctx().cache().portfolio();
  const Position& position = account.position(instrument);
  if (golden && position.is_flat()) {
    auto cash = account.available_balance();
    if (!cash.ok() || !cash->is_positive()) return;
    engine::SubmitOrder buy;
    buy.instrument = instrument;
    buy.side = OrderSide::kBuy;
    buy.type = OrderType::kMarket;
    buy.quote_budget = *cash;
    buy.budget_fee_reserve = fee_reserve_;
    buy.tag = "golden_cross";
    if (ctx().submit_order(buy).ok())
      ++buys_;
    else
      ++denials_;
  } else if (!golden && position.is_long()) {
    engine::SubmitOrder sell;
    sell.instrument = instrument;
    sell.side = OrderSide::kSell;
    sell.type = OrderType::kMarket;
    sell.quantity = position.quantity();
    sell.reduce_only = true;
    sell.tag = "death_cross";
    if (ctx().submit_order(sell).ok())
      ++sells_;
    else
      ++denials_;
  }
}

void SmaCross::update_metrics(engine::BotMetrics& metrics) {
  metrics["buy_signals"] = static_cast<double>(buys_);
  metrics["sell_signals"] = static_cast<double>(sells_);
  metrics["denied_orders"] = static_cast<double>(denials_);
}

}  // namespace omega::bots
