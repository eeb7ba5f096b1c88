// Provides RiskEngine: the checks every order passes between a bot and execution (order and
// position notional, leverage, open orders, order rate, daily loss kill switch, manual halt),
// and RiskDenial, the reason an order was refused.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "engine/messages.hpp"
#include "engine/portfolio.hpp"
#include "model/fixed_point.hpp"

namespace omega::engine {

// The limits of one account. An empty optional (or 0 for counts) means "no limit".
struct RiskLimits {
  std::optional<Money> max_order_notional;     // one order's price * quantity
  std::optional<Money> max_position_notional;  // per instrument, after the order
  std::optional<Money> max_total_notional;     // all instruments, after the order
  std::int32_t max_leverage = 0;               // total notional / equity, after the order
  std::int32_t max_open_orders = 0;
  std::int32_t max_orders_per_window = 0;  // order-rate throttle
  Duration rate_window = std::chrono::seconds(1);
  std::optional<Money> max_daily_loss;  // from the UTC day's starting equity; trips the kill switch
};

// Why the risk engine refused an order.
enum class DenialReason : std::uint8_t {
  kManualHalt,
  kKillSwitch,
  kMaxOrderNotional,
  kMaxPositionNotional,
  kMaxTotalNotional,
  kMaxLeverage,
  kMaxOpenOrders,
  kRateLimited,
  kReduceOnlyWouldIncrease,
  kNoPrice,
};

// Returns e.g. "max_order_notional".
std::string_view to_string(DenialReason reason);

// A refusal: the reason code and a sentence with the numbers.
struct RiskDenial {
  DenialReason reason;
  std::string message;
};

// What the risk engine needs to know about an order.
struct RiskCheck {
  InstrumentIndex instrument = 0;
  OrderSide side = OrderSide::kBuy;
  Money notional;     // quantity * reference price (or the quote budget)
  Quantity quantity;  // zero for budget orders
  bool reduce_only = false;
};

// Checks orders against RiskLimits. Reduce-only orders that really reduce pass every check,
// including a halt and the kill switch: closing risk must always be possible.
class RiskEngine {
 public:
  explicit RiskEngine(const RiskLimits& limits = {}) : limits_(limits) {}
  const RiskLimits& limits() const { return limits_; }

  // Returns the denial, or empty when the order may go. `open_orders` counts the account's open
  // orders; an accepted order counts toward the rate throttle.
  std::optional<RiskDenial> check(const RiskCheck& order, const Portfolio& portfolio,
                                  std::int32_t open_orders, Timestamp now);

  // Tracks equity for the daily loss limit; returns true when this call tripped the kill switch.
  bool on_equity(const Money& equity, Timestamp now);

  // Stops new entries until resume() (manual halt).
  void halt(std::string reason) {
    halted_ = true;
    halt_reason_ = std::move(reason);
  }
  // Lifts a manual halt.
  void resume() { halted_ = false; }
  // Re-arms a tripped kill switch (an operator action).
  void reset_kill_switch() { kill_switch_ = false; }
  bool halted() const { return halted_; }
  bool kill_switch_tripped() const { return kill_switch_; }

 private:
  std::optional<RiskDenial> deny(DenialReason reason, std::string message) const {
    return RiskDenial{reason, std::move(message)};
  }

  RiskLimits limits_;
  bool halted_ = false;
  std::string halt_reason_;
  bool kill_switch_ = false;
  std::int64_t day_ = INT64_MIN;
  Money day_start_equity_;
  std::deque<std::int64_t> recent_orders_ns_;
};

}  // namespace omega::engine
