// Provides Symbol: a market in CCXT's unified form ("BTC/USDT", "BTC/USDT:USDT",
// "BTC/USD:BTC", "BTC/USDT:USDT-250328") and MarketType.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "model/currency.hpp"

namespace omega {

// What kind of market a symbol names.
enum class MarketType : std::uint8_t {
  kSpot,    // BASE/QUOTE
  kSwap,    // perpetual contract: BASE/QUOTE:SETTLE
  kFuture,  // dated contract: BASE/QUOTE:SETTLE-YYMMDD
};

// Returns "spot", "swap" or "future" (CCXT's `type`).
std::string_view to_string(MarketType type);

// A market in CCXT's unified symbol form. A contract is linear when it settles in the quote
// currency and inverse when it settles in the base currency (CCXT's definition); any other
// settle currency is refused. Options ("...-C"/"...-P") are refused for now.
class Symbol {
 public:
  Symbol() = default;

  // Parses the unified form; fails (kParse) naming the part that is wrong.
  static Result<Symbol> parse(std::string_view text);

  const Currency& base() const { return base_; }
  const Currency& quote() const { return quote_; }
  // Returns the settlement currency; empty for spot.
  const Currency& settle() const { return settle_; }
  MarketType type() const { return type_; }
  bool is_spot() const { return type_ == MarketType::kSpot; }
  bool is_contract() const { return type_ != MarketType::kSpot; }
  // Returns true for contracts settled in the quote currency (BTC/USDT:USDT).
  bool is_linear() const { return is_contract() && settle_ == quote_; }
  // Returns true for contracts settled in the base currency (BTC/USD:BTC).
  bool is_inverse() const { return is_contract() && settle_ == base_; }
  // Returns the delivery date of a dated future.
  const std::optional<CivilDate>& expiry() const { return expiry_; }

  // Formats back to the unified form (round-trips parse()).
  std::string to_string() const;

  friend bool operator==(const Symbol& a, const Symbol& b) = default;

 private:
  Currency base_;
  Currency quote_;
  Currency settle_;
  std::optional<CivilDate> expiry_;
  MarketType type_ = MarketType::kSpot;
};

}  // namespace omega

template <>
struct std::hash<omega::Symbol> {
  std::size_t operator()(const omega::Symbol& s) const noexcept {
    return std::hash<std::string>{}(s.to_string());
  }
};
