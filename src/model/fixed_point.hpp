// Provides Price, Quantity, Money and Rate: exact fixed-point decimals (64-bit raw + precision)
// with checked arithmetic that returns kOverflow instead of wrapping.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "model/decimal.hpp"
#include "model/decimal_math.hpp"
#include "model/rounding.hpp"

namespace omega {

// An exact decimal value = raw / 10^precision. Distinct tags keep prices, quantities and money
// from being mixed by accident. Comparisons are by value across precisions ("1.0" == "1.00").
// Arithmetic is checked: every operation that could overflow returns Result, and every
// operation that could drop digits takes an explicit Rounding. Results of add/sub carry the
// larger precision of the operands.
template <typename Tag>
class FixedPoint {
 public:
  constexpr FixedPoint() = default;

  // Returns zero with the given precision (asserted 0..18).
  static FixedPoint zero(int precision) { return from_raw_unchecked(0, precision); }
  // Builds from a ScaledDecimal; fails when its precision is outside 0..18.
  static Result<FixedPoint> from_scaled(ScaledDecimal d) { return from_raw(d.raw, d.precision); }
  // Parses at a fixed precision without building an Error: the hot path for feed readers.
  static bool try_parse(std::string_view text, int precision, FixedPoint& out) {
    std::int64_t raw = 0;
    if (!parse_decimal_fast(text.data(), text.data() + text.size(), precision, raw)) return false;
    out = FixedPoint(raw, static_cast<std::uint8_t>(precision));
    return true;
  }

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
    std::int64_t raw = 0;
    if (parse_decimal_fast(text.data(), text.data() + text.size(), precision, raw)) [[likely]] {
      return FixedPoint(raw, static_cast<std::uint8_t>(precision));
    }
    OMEGA_ASSIGN_OR_RETURN(raw, parse_decimal(text, precision));  // builds the Error
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
  // Formats without trailing fraction zeros.
  std::string to_string_trimmed() const { return format_decimal_trimmed(raw_, precision_); }
  // Returns the value as raw + precision.
  constexpr ScaledDecimal scaled() const { return ScaledDecimal{raw_, precision_}; }

  // Returns this + other at the larger precision.
  Result<FixedPoint> add(const FixedPoint& other) const {
    if (precision_ == other.precision_) {  // the common case stays inline
      std::int64_t sum = 0;
      if (__builtin_add_overflow(raw_, other.raw_, &sum)) {
        return Error(ErrorCode::kOverflow, "sum does not fit in 64 bits");
      }
      return FixedPoint(sum, precision_);
    }
    return wrap(decimal_add(scaled(), other.scaled()));
  }
  // Returns this - other at the larger precision.
  Result<FixedPoint> sub(const FixedPoint& other) const {
    if (precision_ == other.precision_) {
      std::int64_t diff = 0;
      if (__builtin_sub_overflow(raw_, other.raw_, &diff)) {
        return Error(ErrorCode::kOverflow, "difference does not fit in 64 bits");
      }
      return FixedPoint(diff, precision_);
    }
    return wrap(decimal_sub(scaled(), other.scaled()));
  }
  // Returns -this; fails for the most negative raw value.
  Result<FixedPoint> negate() const { return wrap(decimal_negate(scaled())); }
  // Returns |this|; fails for the most negative raw value.
  Result<FixedPoint> abs() const { return wrap(decimal_abs(scaled())); }
  // Returns this * factor at the same precision.
  Result<FixedPoint> mul(std::int64_t factor) const {
    return wrap(decimal_mul_int(scaled(), factor));
  }
  // Returns this / divisor at the same precision, rounded.
  Result<FixedPoint> div(std::int64_t divisor, Rounding rounding) const {
    return wrap(decimal_div_int(scaled(), divisor, rounding));
  }
  // Returns the same value with `precision` fraction digits, rounded when digits are dropped.
  Result<FixedPoint> rescale(int precision, Rounding rounding) const {
    if (precision == precision_) return *this;
    return wrap(decimal_rescale(scaled(), precision, rounding));
  }
  // Returns the multiple of `step` this rounds to (tick or lot size), at step's precision.
  Result<FixedPoint> round_to_step(const FixedPoint& step, Rounding rounding) const {
    return wrap(decimal_round_to_step(scaled(), step.scaled(), rounding));
  }
  // Returns true when this is an exact multiple of `step` (> 0).
  bool is_multiple_of(const FixedPoint& step) const {
    return round_to_step(step, Rounding::kExact).ok();
  }

  friend std::strong_ordering operator<=>(const FixedPoint& a, const FixedPoint& b) {
    if (a.precision_ == b.precision_) return a.raw_ <=> b.raw_;
    const int p = a.precision_ > b.precision_ ? a.precision_ : b.precision_;
    const Int128 av = static_cast<Int128>(a.raw_) * pow10_i64(p - a.precision_);
    const Int128 bv = static_cast<Int128>(b.raw_) * pow10_i64(p - b.precision_);
    return av <=> bv;
  }
  friend bool operator==(const FixedPoint& a, const FixedPoint& b) {
    return (a <=> b) == std::strong_ordering::equal;
  }

 private:
  static Result<FixedPoint> wrap(Result<ScaledDecimal> r) {
    if (!r.ok()) return std::move(r).error();
    return FixedPoint(r->raw, static_cast<std::uint8_t>(r->precision));
  }

  constexpr FixedPoint(std::int64_t raw, std::uint8_t precision)
      : raw_(raw), precision_(precision) {}

  std::int64_t raw_ = 0;
  std::uint8_t precision_ = 0;
};

struct PriceTag {};
struct QuantityTag {};
struct MoneyTag {};
struct RateTag {};

// A price in quote currency per unit of base.
using Price = FixedPoint<PriceTag>;
// An amount of base currency or contracts.
using Quantity = FixedPoint<QuantityTag>;
// An amount of a currency (cash, PnL, fees, notional). Money carries no currency itself, to stay
// 16 bytes on hot paths; the owner (Balance, Instrument's quote/settle) says which currency.
using Money = FixedPoint<MoneyTag>;
// A dimensionless ratio: fee rates (negative for rebates), margin rates, leverage fractions.
using Rate = FixedPoint<RateTag>;

// Returns price * quantity exactly (precision = sum of precisions, trailing zeros dropped if
// needed to fit 18 digits / 64 bits); kOverflow when the exact value cannot be held.
inline Result<Money> notional(const Price& price, const Quantity& quantity) {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal d, decimal_mul_exact(price.scaled(), quantity.scaled()));
  return Money::from_scaled(d);
}

// Returns price * quantity at `precision`, rounding the exact 128-bit product once.
inline Result<Money> notional(const Price& price, const Quantity& quantity, int precision,
                              Rounding rounding) {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal d,
                         decimal_mul(price.scaled(), quantity.scaled(), precision, rounding));
  return Money::from_scaled(d);
}

// Returns amount * rate (a fee, a margin) at `precision`, rounding the exact product once.
inline Result<Money> apply_rate(const Money& amount, const Rate& rate, int precision,
                                Rounding rounding) {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal d,
                         decimal_mul(amount.scaled(), rate.scaled(), precision, rounding));
  return Money::from_scaled(d);
}

// Returns notional / quantity as a price at `precision` (an average fill or entry price).
inline Result<Price> price_from_notional(const Money& amount, const Quantity& quantity,
                                         int precision, Rounding rounding) {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal d,
                         decimal_div(amount.scaled(), quantity.scaled(), precision, rounding));
  return Price::from_scaled(d);
}

}  // namespace omega
