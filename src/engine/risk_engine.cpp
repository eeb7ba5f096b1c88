// Implements RiskEngine's checks in fixed point.
#include "engine/risk_engine.hpp"

#include <fmt/format.h>

namespace omega::engine {

std::string_view to_string(DenialReason reason) {
  switch (reason) {
    case DenialReason::kManualHalt:
      return "manual_halt";
    case DenialReason::kKillSwitch:
      return "kill_switch";
    case DenialReason::kMaxOrderNotional:
      return "max_order_notional";
    case DenialReason::kMaxPositionNotional:
      return "max_position_notional";
    case DenialReason::kMaxTotalNotional:
      return "max_total_notional";
    case DenialReason::kMaxLeverage:
      return "max_leverage";
    case DenialReason::kMaxOpenOrders:
      return "max_open_orders";
    case DenialReason::kRateLimited:
      return "rate_limited";
    case DenialReason::kReduceOnlyWouldIncrease:
      return "reduce_only_would_increase";
    case DenialReason::kNoPrice:
      return "no_price";
  }
  return "unknown";
}

std::optional<RiskDenial> RiskEngine::check(const RiskCheck& order, const Portfolio& portfolio,
                                            std::int32_t open_orders, Timestamp now) {
  const Position& position = portfolio.position(order.instrument);
  if (order.reduce_only) {
    const bool reduces = (position.is_long() && order.side == OrderSide::kSell) ||
                         (position.is_short() && order.side == OrderSide::kBuy);
    if (!reduces) {
      return deny(DenialReason::kReduceOnlyWouldIncrease,
                  "reduce-only order would open or increase a position");
    }
    return std::nullopt;
  }
  if (halted_)
    return deny(DenialReason::kManualHalt, fmt::format("trading halted: {}", halt_reason_));
  if (kill_switch_) {
    return deny(DenialReason::kKillSwitch, "daily loss limit reached; new entries halted");
  }
  if (limits_.max_open_orders > 0 && open_orders >= limits_.max_open_orders) {
    return deny(DenialReason::kMaxOpenOrders,
                fmt::format("{} open orders, limit {}", open_orders, limits_.max_open_orders));
  }
  if (limits_.max_orders_per_window > 0) {
    const std::int64_t since = now.ns() - limits_.rate_window.count();
    while (!recent_orders_ns_.empty() && recent_orders_ns_.front() <= since) {
      recent_orders_ns_.pop_front();
    }
    if (static_cast<std::int32_t>(recent_orders_ns_.size()) >= limits_.max_orders_per_window) {
      return deny(DenialReason::kRateLimited,
                  fmt::format("{} orders within {}, limit {}", recent_orders_ns_.size(),
                              format_duration(limits_.rate_window), limits_.max_orders_per_window));
    }
  }
  if (limits_.max_order_notional && order.notional > *limits_.max_order_notional) {
    return deny(DenialReason::kMaxOrderNotional,
                fmt::format("order notional {} above limit {}", order.notional.to_string_trimmed(),
                            limits_.max_order_notional->to_string_trimmed()));
  }
  // Exposure after the order, assuming it adds to the position (the conservative reading for
  // an order that is not reduce-only).
  auto current = portfolio.position_notional(order.instrument);
  auto total = portfolio.total_notional();
  auto equity = portfolio.equity();
  if (!current.ok() || !total.ok() || !equity.ok()) {
    return deny(DenialReason::kNoPrice, "exposure could not be computed");
  }
  const bool adds = position.is_flat() || (position.is_long() == (order.side == OrderSide::kBuy));
  Money after_position = *current;
  Money after_total = *total;
  if (adds) {
    after_position = current->add(order.notional).value_or(Money::zero(0));
    after_total = total->add(order.notional).value_or(Money::zero(0));
  }
  if (limits_.max_position_notional && after_position > *limits_.max_position_notional) {
    return deny(
        DenialReason::kMaxPositionNotional,
        fmt::format("position notional would be {}, limit {}", after_position.to_string_trimmed(),
                    limits_.max_position_notional->to_string_trimmed()));
  }
  if (limits_.max_total_notional && after_total > *limits_.max_total_notional) {
    return deny(DenialReason::kMaxTotalNotional,
                fmt::format("total notional would be {}, limit {}", after_total.to_string_trimmed(),
                            limits_.max_total_notional->to_string_trimmed()));
  }
  if (limits_.max_leverage > 0) {
    auto cap = equity->mul(limits_.max_leverage);
    if (!cap.ok() || !equity->is_positive() || after_total > *cap) {
      return deny(
          DenialReason::kMaxLeverage,
          fmt::format("total notional {} above {}x equity {}", after_total.to_string_trimmed(),
                      limits_.max_leverage, equity->to_string_trimmed()));
    }
  }
  if (limits_.max_orders_per_window > 0) recent_orders_ns_.push_back(now.ns());
  return std::nullopt;
}

bool RiskEngine::on_equity(const Money& equity, Timestamp now) {
  if (!limits_.max_daily_loss) return false;
  const std::int64_t day = Timestamp::floor_div(now.ns(), kNanosPerDay);
  if (day != day_) {
    day_ = day;
    day_start_equity_ = equity;
  }
  if (kill_switch_) return false;
  auto loss = day_start_equity_.sub(equity);
  if (loss.ok() && *loss >= *limits_.max_daily_loss) {
    kill_switch_ = true;
    return true;
  }
  return false;
}

}  // namespace omega::engine
