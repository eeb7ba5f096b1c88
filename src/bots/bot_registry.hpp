// Provides make_bot and bot_names: the bots the farm can run, by name.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/bot.hpp"

namespace omega::bots {

// Builds a bot by its kind name ("sma_cross", "fibonacci_trader"); kNotFound otherwise.
Result<std::unique_ptr<engine::Bot>> make_bot(std::string_view name);

// Returns the known kind names.
std::vector<std::string_view> bot_names();

}  // namespace omega::bots
