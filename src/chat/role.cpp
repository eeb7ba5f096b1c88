#include "chat/role.hpp"

#include <string>

namespace omega::chat {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kTrader:
      return "trader";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

Result<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "trader") return Role::kTrader;
  if (text == "admin") return Role::kAdmin;
  return Error(ErrorCode::kInvalidArgument,
               "unknown role '" + std::string(text) + "' (viewer, trader or admin)");
}

}  // namespace omega::chat
