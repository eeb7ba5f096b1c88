#include "model/decimal.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

using detail::kPow10;

enum class ParseFail { kNone, kSyntax, kOverflow, kPrecision };

// Accumulates the magnitude in uint64 so that INT64_MIN parses exactly.
ParseFail parse_impl(const char* p, const char* end, int precision, std::int64_t& out) {
  if (p == end) return ParseFail::kSyntax;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
  }
  std::uint64_t mag = 0;
  bool any_digit = false;
  constexpr std::uint64_t kLimit = static_cast<std::uint64_t>(INT64_MAX) + 1;
  // Integer part.
  while (p != end && static_cast<unsigned>(*p - '0') < 10) {
    const auto d = static_cast<std::uint64_t>(*p - '0');
    if (mag > (kLimit - d) / 10) return ParseFail::kOverflow;
    mag = mag * 10 + d;
    any_digit = true;
    ++p;
  }
  int frac_digits = 0;
  if (p != end && *p == '.') {
    ++p;
    while (p != end && static_cast<unsigned>(*p - '0') < 10) {
      const auto d = static_cast<std::uint64_t>(*p - '0');
      any_digit = true;
      if (frac_digits < precision) {
        if (mag > (kLimit - d) / 10) return ParseFail::kOverflow;
        mag = mag * 10 + d;
        ++frac_digits;
      } else if (d != 0) {
        return ParseFail::kPrecision;
      }
      ++p;
    }
  }
  if (p != end || !any_digit) return ParseFail::kSyntax;
  // Scale up the digits not written.
  const std::uint64_t scale = static_cast<std::uint64_t>(kPow10[precision - frac_digits]);
  if (scale != 1) {
    if (mag > kLimit / scale) return ParseFail::kOverflow;
    mag *= scale;
  }
  if (negative) {
    if (mag > kLimit) return ParseFail::kOverflow;
    out = static_cast<std::int64_t>(0 - mag);  // two's complement wrap is defined for unsigned
  } else {
    if (mag > static_cast<std::uint64_t>(INT64_MAX)) return ParseFail::kOverflow;
    out = static_cast<std::int64_t>(mag);
  }
  return ParseFail::kNone;
}

}  // namespace

std::int64_t pow10_i64(int n) {
  OMEGA_ASSERT(n >= 0 && n <= kMaxDecimalPrecision, "pow10_i64 exponent out of range");
  return kPow10[n];
}

bool detail::parse_decimal_checked(const char* begin, const char* end, int precision,
                                   std::int64_t& out) {
  return parse_impl(begin, end, precision, out) == ParseFail::kNone;
}

Result<std::int64_t> parse_decimal(std::string_view text, int precision) {
  if (precision < 0 || precision > kMaxDecimalPrecision) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("precision {} is outside 0..{}", precision, kMaxDecimalPrecision));
  }
  std::int64_t out = 0;
  switch (parse_impl(text.data(), text.data() + text.size(), precision, out)) {
    case ParseFail::kNone:
      return out;
    case ParseFail::kSyntax:
      return Error(ErrorCode::kParse, fmt::format("'{}' is not a decimal number", text));
    case ParseFail::kOverflow:
      return Error(ErrorCode::kOverflow,
                   fmt::format("'{}' does not fit in 64 bits at precision {}", text, precision));
    case ParseFail::kPrecision:
      return Error(
          ErrorCode::kOutOfRange,
          fmt::format("'{}' has more than {} significant fraction digits", text, precision));
  }
  OMEGA_UNREACHABLE("bad ParseFail");
}

Result<ScaledDecimal> parse_decimal(std::string_view text) {
  int precision = 0;
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    precision = static_cast<int>(text.size() - dot - 1);
  }
  if (precision > kMaxDecimalPrecision) {
    return Error(ErrorCode::kOutOfRange,
                 fmt::format("'{}' has more than {} fraction digits", text, kMaxDecimalPrecision));
  }
  OMEGA_ASSIGN_OR_RETURN(std::int64_t raw, parse_decimal(text, precision));
  return ScaledDecimal{raw, precision};
}

std::string format_decimal(std::int64_t raw, int precision) {
  OMEGA_ASSERT(precision >= 0 && precision <= kMaxDecimalPrecision, "precision out of range");
  const bool negative = raw < 0;
  std::uint64_t mag =
      negative ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
  char buf[48];
  char* end = buf + sizeof(buf);
  char* p = end;
  for (int i = 0; i < precision; ++i) {
    *--p = static_cast<char>('0' + mag % 10);
    mag /= 10;
  }
  if (precision > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + mag % 10);
    mag /= 10;
  } while (mag != 0);
  if (negative) *--p = '-';
  return std::string(p, end);
}

std::string format_decimal_trimmed(std::int64_t raw, int precision) {
  std::string s = format_decimal(raw, precision);
  if (precision > 0) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  // Returning a fresh string: assigning "0" to `s` trips a GCC 12 -Wrestrict false positive.
  if (s == "-0") return std::string("0");
  return s;
}

}  // namespace omega
