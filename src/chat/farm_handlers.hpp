// Provides register_farm_handlers: /status, /positions, /orders, /balance, /performance and
// /risk answered from a FarmStatePort (the store the farm writes).
#pragma once

#include <functional>

#include "chat/chat_pipeline.hpp"
#include "chat/farm_state.hpp"
#include "chat/rate_limiter.hpp"

namespace omega::chat {

// Registers the six farm commands; `farm` must outlive `pipeline`. `clock` ends the
// /performance period and the /risk denial window.
// `decorate`, when set, adds to every reply (e.g. the cosmic factors for Z).
using ReplyDecorator = std::function<void(const ChatRequest&, MessageData&)>;
void register_farm_handlers(ChatPipeline& pipeline, FarmStatePort& farm, const ChatClock& clock,
                            const ReplyDecorator& decorate = {});

// Builds the reply data of each command (exposed for tests and benchmarks).
HandlerReply status_reply(const FarmStatus& status);
HandlerReply positions_reply(const std::vector<PositionView>& positions);
// /orders lists at most this many (the newest) and says how many more there are.
inline constexpr std::size_t kMaxListedOrders = 20;
HandlerReply orders_reply(const std::vector<store::OrderRecord>& orders);
HandlerReply balance_reply(const BalanceView& balance);
HandlerReply performance_reply(const PerformanceView& performance);
HandlerReply risk_reply(const RiskView& risk);

}  // namespace omega::chat
