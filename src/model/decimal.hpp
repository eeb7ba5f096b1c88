// Provides exact decimal text <-> scaled 64-bit integer conversion, the primitive under
// Price, Quantity and Money and under every market-data reader.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega {

// The most fraction digits a fixed-point value may carry (10^18 still fits in int64).
inline constexpr int kMaxDecimalPrecision = 18;

// A scaled integer and its number of fraction digits: value = raw / 10^precision.
struct ScaledDecimal {
  std::int64_t raw = 0;
  int precision = 0;
};

// Returns 10^n for n in [0, 18].
std::int64_t pow10_i64(int n);

// Parses a plain decimal ("-123.4500", "+7", ".5", "5.") into raw units of 10^-precision.
// Exact: fails when a non-zero digit lies beyond `precision`, when the value does not fit in
// int64 (kOverflow), or when the text is not a plain decimal (kParse). Exponents are refused.
Result<std::int64_t> parse_decimal(std::string_view text, int precision);

// Parses a plain decimal keeping exactly the fraction digits written (trailing zeros count).
Result<ScaledDecimal> parse_decimal(std::string_view text);

namespace detail {

inline constexpr std::int64_t kPow10[19] = {1LL,
                                            10LL,
                                            100LL,
                                            1'000LL,
                                            10'000LL,
                                            100'000LL,
                                            1'000'000LL,
                                            10'000'000LL,
                                            100'000'000LL,
                                            1'000'000'000LL,
                                            10'000'000'000LL,
                                            100'000'000'000LL,
                                            1'000'000'000'000LL,
                                            10'000'000'000'000LL,
                                            100'000'000'000'000LL,
                                            1'000'000'000'000'000LL,
                                            10'000'000'000'000'000LL,
                                            100'000'000'000'000'000LL,
                                            1'000'000'000'000'000'000LL};

// The fully checked parser behind parse_decimal_fast, for inputs with more than 18 digits.
bool parse_decimal_checked(const char* begin, const char* end, int precision, std::int64_t& out);

}  // namespace detail

// Fast path for readers: same contract as parse_decimal(text, precision) but returns false
// instead of building an Error. `out` is unspecified on failure. Inline because it is the
// innermost loop of every reader: with at most 18 digits kept nothing can overflow, so digits
// accumulate without per-digit checks; longer inputs fall back to the checked parser.
inline bool parse_decimal_fast(const char* begin, const char* end, int precision,
                               std::int64_t& out) {
  if (static_cast<unsigned>(precision) > 18u) return false;
  const char* p = begin;
  if (p != end && (*p == '-' || *p == '+')) ++p;
  const bool negative = p != begin && *begin == '-';
  std::uint64_t mag = 0;  // unsigned: wrapping is defined, and > 18 digits go the slow way
  const char* digits_begin = p;
  while (p != end && static_cast<unsigned>(*p - '0') < 10u) {
    mag = mag * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  const int digits = static_cast<int>(p - digits_begin);
  bool any_digit = digits != 0;
  int frac_digits = 0;
  if (p != end && *p == '.') {
    ++p;
    const char* frac_begin = p;
    const char* keep_end = end - p > precision ? p + precision : end;
    while (p != keep_end && static_cast<unsigned>(*p - '0') < 10u) {
      mag = mag * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    frac_digits = static_cast<int>(p - frac_begin);
    if (frac_digits == precision) {
      // Digits beyond the precision must be zeros ("61837.63000000" at 2): skip them 8 at a time.
      constexpr std::uint64_t kEightZeros = 0x3030303030303030ULL;
      while (end - p >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        if (word != kEightZeros) break;
        p += 8;
      }
      while (p != end && *p == '0') ++p;
      if (p != end && static_cast<unsigned>(*p - '0') < 10u) return false;  // a lost digit
    }
    any_digit = any_digit || p != frac_begin;
  }
  if (p != end || !any_digit) return false;
  if (digits + precision > 18) return detail::parse_decimal_checked(begin, end, precision, out);
  mag *= static_cast<std::uint64_t>(detail::kPow10[precision - frac_digits]);
  out = negative ? static_cast<std::int64_t>(0 - mag) : static_cast<std::int64_t>(mag);
  return true;
}

// Formats raw / 10^precision with exactly `precision` fraction digits ("-0.50", "42").
std::string format_decimal(std::int64_t raw, int precision);

// Formats without trailing fraction zeros ("0.5", "42").
std::string format_decimal_trimmed(std::int64_t raw, int precision);

}  // namespace omega
