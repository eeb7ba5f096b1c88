// Provides Role: viewer, trader and admin, ordered so a higher role may do what a lower one may.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"

namespace omega::chat {

// What a chat user may do; each role includes the ones below it.
enum class Role : std::uint8_t { kViewer = 0, kTrader = 1, kAdmin = 2 };

// Returns "viewer", "trader" or "admin".
std::string_view to_string(Role role);

// Parses "viewer", "trader" or "admin".
Result<Role> parse_role(std::string_view text);

// True when a user with role `have` may run a command that needs `need`.
constexpr bool allows(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

}  // namespace omega::chat
