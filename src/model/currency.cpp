#include "model/currency.hpp"

#include <fmt/format.h>

namespace omega {

Result<Currency> Currency::parse(std::string_view code) {
  if (code.empty() || code.size() > kMaxLength) {
    return Error(ErrorCode::kParse,
                 fmt::format("currency code '{}' must have 1..{} characters", code, kMaxLength));
  }
  Currency c;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char ch = code[i];
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
      return Error(ErrorCode::kParse,
                   fmt::format("currency code '{}' has '{}' (allowed: A-Z, 0-9)", code, ch));
    }
    c.chars_[i] = ch;
  }
  c.size_ = static_cast<std::uint8_t>(code.size());
  return c;
}

}  // namespace omega
