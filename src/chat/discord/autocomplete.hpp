// Provides symbol autocomplete for Discord: up to 25 known symbols ranked against what the user
// has typed so far, and the type-8 answer to an autocomplete interaction.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chat/discord/application_commands.hpp"

namespace omega::chat::discord {

// One autocomplete suggestion: the label shown and the value submitted (1-100 characters each).
struct AutocompleteChoice {
  std::string name;
  std::string value;
};

// Discord's cap on autocomplete choices.
inline constexpr std::size_t kAutocompleteMax = 25;

// Returns up to `limit` symbols (CCXT form, e.g. BTC/USDT) matching `partial`, case-insensitive:
// exact matches first, then prefixes ("bt" -> BTC/USDT), then prefixes ignoring separators
// ("btcus" -> BTC/USDT), then substrings ("usdt" -> ETH/USDT), then substrings ignoring
// separators; within a rank shorter symbols first (spot before its perpetual), then A-Z. An empty
// `partial` returns the symbols in the order given. Duplicates and symbols longer than 100
// characters are skipped.
std::vector<AutocompleteChoice> rank_symbols(std::string_view partial,
                                             std::span<const std::string> symbols,
                                             std::size_t limit = kAutocompleteMax);

// Returns the suggestions for an autocomplete interaction: symbols for a focused option called
// "symbol", nothing for any other option (Discord then shows no suggestions).
std::vector<AutocompleteChoice> autocomplete_choices(const Interaction& interaction,
                                                     std::span<const std::string> symbols);

}  // namespace omega::chat::discord
