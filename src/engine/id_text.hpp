// Provides id_text: "<prefix><separator><number>" for order, venue and trade ids, built without
// a format string because ids are made on every order.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace omega::engine {

// Returns prefix + separator (when not '\0') + the decimal digits of `number`.
inline std::string id_text(std::string_view prefix, char separator, std::uint64_t number) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof(digits), number).ptr;
  std::string out;
  out.reserve(prefix.size() + 1 + static_cast<std::size_t>(end - digits));
  out.append(prefix);
  if (separator != '\0') out.push_back(separator);
  out.append(digits, end);
  return out;
}

}  // namespace omega::engine
