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
  fast_sum_ += close - leaving_fast;
  slow_sum_ += close - leaving_slow;
  if (++slot_ == n) slot_ = 0;
  if (seen_ >= fast_ && ++fast_slot_ == n) fast_slot_ = 0;
  ++seen_;
  if (seen_ < slow_) return;
  // fast > slow  <=>  fast_sum / fast > slow_sum / slow  <=>  fast_sum * slow > slow_sum * fast.
  int sign = 0;
  std::int64_t lhs64 = 0;
  std::int64_t rhs64 = 0;
  const auto fs = static_cast<std::int64_t>(fast_sum_);
  const auto ss = static_cast<std::int64_t>(slow_sum_);
  // 64-bit products when they fit (always, for real prices); 128-bit otherwise.
  if (fs == fast_sum_ && ss == slow_sum_ && !__builtin_mul_overflow(fs, slow_, &lhs64) &&
      !__builtin_mul_overflow(ss, fast_, &rhs64)) {
    sign = lhs64 > rhs64 ? 1 : (lhs64 < rhs64 ? -1 : 0);
  } else {
    const auto lhs = fast_sum_ * slow_;
    const auto rhs = slow_sum_ * fast_;
    sign = lhs > rhs ? 1 : (lhs < rhs ? -1 : 0);
  }
  const int previous = previous_sign_;
  previous_sign_ = sign;
  if (seen_ == slow_) return;  // the first bar with a slow average has no previous one
  const bool golden = previous <= 0 && sign > 0;
  const bool death = previous >= 0 && sign < 0;
  if (!golden && !death) return;
  const engine::Portfolio& account = ctx().cache().portfolio();
  const Position& position = account.position(event.instrument);
  if (golden && position.is_flat()) {
    auto cash = account.available_balance();
    if (!cash.ok() || !cash->is_positive()) return;
    engine::SubmitOrder buy;
    buy.instrument = event.instrument;
    buy.side = OrderSide::kBuy;
    buy.type = OrderType::kMarket;
    buy.quote_budget = *cash;
    buy.budget_fee_reserve = fee_reserve_;
    buy.tag = "golden_cross";
    if (ctx().submit_order(buy).ok())
      ++buys_;
    else
      ++denials_;
  } else if (death && position.is_long()) {
    engine::SubmitOrder sell;
    sell.instrument = event.instrument;
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
