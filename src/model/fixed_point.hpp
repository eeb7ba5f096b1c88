// Provides Price, Quantity and Money: exact fixed-point decimals (64-bit raw + precision).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "model/decimal.hpp"

namespace omega {

// An exact decimal value = raw / 10^precision. Distinct tags keep prices, quantities and money
// from being mixed by accident. Comparisons are by value across precisions ("1.0" == "1.00").
template <typename Tag>
class FixedPoint {
 public:
  constexpr FixedPoint() = default;

  // Builds from raw units; fails when precision is outside 0..18.
  static Result<FixedPoint> from_raw(std::int64_t raw, int precision) {
    if (precision < 0 || precision > kMaxDecimalPrecision) {
      return Error(ErrorCode::kInvalidArgument, "fixed-point precision outside 0..18");
    }
    return FixedPoint(raw, static_cast<std::uint8_t>(precision));
  }
  // Builds from raw units the caller knows to be valid (asserted).
  static FixedPoint from_raw_unchecked(std::int64_t raw, int precision) {
    OMEGA_ASSERT(precision >= 0 && precision <= kMaxDecimalPrecision, "precision outside 0..18");
    return FixedPoint(raw, static_cast<std::uint8_t>(precision));
  }
  // Parses keeping the written fraction digits as the precision.
  static Result<FixedPoint> parse(std::string_view text) {
    OMEGA_ASSIGN_OR_RETURN(ScaledDecimal d, parse_decimal(text));
    return FixedPoint(d.raw, static_cast<std::uint8_t>(d.precision));
  }
  // Parses at a fixed precision; fails if the text has more significant fraction digits.
  static Result<FixedPoint> parse(std::string_view text, int precision) {
    OMEGA_ASSIGN_OR_RETURN(std::int64_t raw, parse_decimal(text, precision));
    return FixedPoint(raw, static_cast<std::uint8_t>(precision));
  }

  constexpr std::int64_t raw() const { return raw_; }
  constexpr int precision() const { return precision_; }
  constexpr bool is_zero() const { return raw_ == 0; }
  constexpr bool is_negative() const { return raw_ < 0; }
  constexpr bool is_positive() const { return raw_ > 0; }
  // Returns the nearest double; for analytics and display only, never for order arithmetic.
  double to_double() const {
    return static_cast<double>(raw_) / static_cast<double>(pow10_i64(precision_));
  }
  // Formats with exactly `precision()` fraction digits.
  std::string to_string() const { return format_decimal(raw_, precision_); }

  friend std::strong_ordering operator<=>(const FixedPoint& a, const FixedPoint& b) {
    if (a.precision_ == b.precision_) return a.raw_ <=> b.raw_;
    const int p = a.precision_ > b.precision_ ? a.precision_ : b.precision_;
    const __int128 av = static_cast<__int128>(a.raw_) * pow10_i64(p - a.precision_);
    const __int128 bv = static_cast<__int128>(b.raw_) * pow10_i64(p - b.precision_);
    return av <=> bv;
  }
  friend bool operator==(const FixedPoint& a, const FixedPoint& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

 private:
  constexpr FixedPoint(std::int64_t raw, std::uint8_t precision)
      : raw_(raw), precision_(precision) {}

  std::int64_t raw_ = 0;
  std::uint8_t precision_ = 0;
};

struct PriceTag {};
struct QuantityTag {};
struct MoneyTag {};

// A price in quote currency per unit of base.
using Price = FixedPoint<PriceTag>;
// An amount of base currency or contracts.
using Quantity = FixedPoint<QuantityTag>;
// An amount of a currency (cash, PnL, fees, notional).
using Money = FixedPoint<MoneyTag>;

}  // namespace omega
