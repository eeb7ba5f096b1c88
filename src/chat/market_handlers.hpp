// Provides register_market_handlers: /analyze, /fib and /patterns on a MarketDataPort, with the
// cosmic factors of the moment added for personas that emphasise them (Z).
#pragma once

#include "chat/chat_pipeline.hpp"
#include "chat/market_data_port.hpp"
#include "chat/rate_limiter.hpp"

namespace omega::cosmic {
class CosmicFactorService;
}  // namespace omega::cosmic

namespace omega::chat {

// Registers the three market commands; `market` and `cosmic` must outlive `pipeline`. `clock`
// gives the instant whose cosmic factors are shown.
// Adds the cosmic factors of the moment (Moon phase, Mercury's motion) to `d` when the
// request's persona emphasises "cosmic" (Z); other replies may use it too.
void add_cosmic_factors(MessageData& d, const ChatRequest& r, const PersonaLibrary& personas,
                        cosmic::CosmicFactorService& service, const ChatClock& clock);

void register_market_handlers(ChatPipeline& pipeline, MarketDataPort& market,
                              cosmic::CosmicFactorService& cosmic, const ChatClock& clock);

}  // namespace omega::chat
