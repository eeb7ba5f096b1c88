// Provides the decimal helpers shared by the candle readers: digit counting for precision
// inference, a rounding parse for values with more digits than fit, and exponent expansion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace omega::data {

// Significant digits of one decimal text: integer digits without leading zeros and fraction
// digits without trailing zeros ("0012.3400" -> 2 and 2). Returns false for non-decimal text.
bool count_decimal_digits(std::string_view text, int& int_digits, int& frac_digits);

// Tracks the widest value of a column to choose its precision.
struct DigitStats {
  int max_int_digits = 0;
  int max_frac_digits = 0;
  // Widens the stats with one value; non-decimal text is ignored (the parse pass reports it).
  void add(std::string_view text) {
    int i = 0;
    int f = 0;
    if (!count_decimal_digits(text, i, f)) return;
    if (i > max_int_digits) max_int_digits = i;
    if (f > max_frac_digits) max_frac_digits = f;
  }
  // Returns the precision: every fraction digit seen, at most 18, and low enough that the
  // largest value fits in int64 (integer digits + precision <= 18).
  int precision() const;
};

// Result of parse_decimal_rounding.
enum class DecimalParse : std::uint8_t { kExact, kRounded, kSyntax, kOverflow };

// Parses a plain decimal at `precision`, rounding half away from zero when more fraction digits
// are written; kRounded says digits were lost.
DecimalParse parse_decimal_rounding(std::string_view text, int precision, std::int64_t& out);

// Rewrites a number with an exponent ("1.5e-05") as a plain decimal ("0.000015") into `out`.
// Returns false when `text` is not a number with an exponent in a sane range (|exp| <= 40).
bool expand_exponent(std::string_view text, std::string& out);

}  // namespace omega::data
