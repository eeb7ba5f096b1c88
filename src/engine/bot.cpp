// Implements Bot::process: one message to its handler.
#include "engine/bot.hpp"

namespace omega::engine {

void Bot::process(const BotMessage& message) {
  std::visit(
      [this](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, CandleClosed>) on_candle(m);
        if constexpr (std::is_same_v<T, TradeReceived>) on_trade(m);
        if constexpr (std::is_same_v<T, OrderUpdated>) on_order_event(m);
        if constexpr (std::is_same_v<T, PositionChanged>) on_position_event(m);
        if constexpr (std::is_same_v<T, TimerFired>) on_timer(m);
      },
      message);
}

}  // namespace omega::engine
