// Implements the bot registry.
#include "bots/bot_registry.hpp"

#include <fmt/format.h>

#include "bots/fibonacci_trader.hpp"
#include "bots/sma_cross.hpp"

namespace omega::bots {

Result<std::unique_ptr<engine::Bot>> make_bot(std::string_view name) {
  if (name == "sma_cross") return std::unique_ptr<engine::Bot>(std::make_unique<SmaCross>());
  if (name == "fibonacci_trader") {
    return std::unique_ptr<engine::Bot>(std::make_unique<FibonacciTrader>());
  }
  return Error(ErrorCode::kNotFound,
               fmt::format("unknown bot '{}' (known: {})", name, fmt::join(bot_names(), ", ")));
}

std::vector<std::string_view> bot_names() {
  return {"sma_cross", "fibonacci_trader"};
}

}  // namespace omega::bots
