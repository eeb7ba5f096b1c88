// Provides Currency: a short asset code ("BTC", "USDT", "1000PEPE") stored inline, no heap.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega {

// An asset code of 1..kMaxLength characters in [A-Z0-9], as CCXT's unified currency codes.
// Stored inline so Symbol, Balance and Instrument copy without allocating.
class Currency {
 public:
  static constexpr std::size_t kMaxLength = 15;

  constexpr Currency() = default;

  // Parses a code; fails (kParse) when empty, too long or not [A-Z0-9].
  static Result<Currency> parse(std::string_view code);

  std::string_view code() const { return std::string_view(chars_.data(), size_); }
  std::string to_string() const { return std::string(code()); }
  bool empty() const { return size_ == 0; }

  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }
  friend std::strong_ordering operator<=>(const Currency& a, const Currency& b) {
    return a.code().compare(b.code()) <=> 0;
  }

 private:
  std::array<char, kMaxLength> chars_{};
  std::uint8_t size_ = 0;
};

}  // namespace omega
