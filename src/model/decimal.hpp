// Provides exact decimal text <-> scaled 64-bit integer conversion, the primitive under
// Price, Quantity and Money and under every market-data reader.
#pragma once

#include <cstdint>
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

// Fast path for readers: same contract as parse_decimal(text, precision) but returns false
// instead of building an Error. `out` is unspecified on failure.
bool parse_decimal_fast(const char* begin, const char* end, int precision, std::int64_t& out);

// Formats raw / 10^precision with exactly `precision` fraction digits ("-0.50", "42").
std::string format_decimal(std::int64_t raw, int precision);

// Formats without trailing fraction zeros ("0.5", "42").
std::string format_decimal_trimmed(std::int64_t raw, int precision);

}  // namespace omega
