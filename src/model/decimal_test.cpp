#include "model/decimal.hpp"

#include <cstdint>
#include <random>

#include <gtest/gtest.h>

#include "model/decimal_math.hpp"

namespace omega {
namespace {

TEST(Decimal, ParsesAtPrecision) {
  EXPECT_EQ(parse_decimal("67890.12", 8).value(), 6789012000000);
  EXPECT_EQ(parse_decimal("-0.5", 2).value(), -50);
  EXPECT_EQ(parse_decimal("+7", 0).value(), 7);
  EXPECT_EQ(parse_decimal(".5", 1).value(), 5);
  EXPECT_EQ(parse_decimal("5.", 1).value(), 50);
  EXPECT_EQ(parse_decimal("1.2300", 2).value(), 123);
  EXPECT_EQ(parse_decimal("9223372036854775807", 0).value(), INT64_MAX);
  EXPECT_EQ(parse_decimal("-9223372036854775808", 0).value(), INT64_MIN);
  EXPECT_EQ(parse_decimal("-9.223372036854775808", 18).value(), INT64_MIN);
}

TEST(Decimal, RefusesBadText) {
  EXPECT_EQ(parse_decimal("9223372036854775808", 0).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(parse_decimal("10", 18).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(parse_decimal("1.234", 2).error().code(), ErrorCode::kOutOfRange);
  for (const char* bad : {"", "-", ".", "1e5", "1,5", " 1", "1 ", "0x10", "--1", "1.2.3", "nan"}) {
    auto r = parse_decimal(bad, 4);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse) << bad;
  }
}

TEST(Decimal, FormatsExactly) {
  EXPECT_EQ(format_decimal(6789012000000, 8), "67890.12000000");
  EXPECT_EQ(format_decimal(-50, 2), "-0.50");
  EXPECT_EQ(format_decimal(0, 3), "0.000");
  EXPECT_EQ(format_decimal(INT64_MIN, 0), "-9223372036854775808");
  EXPECT_EQ(format_decimal(INT64_MIN, 18), "-9.223372036854775808");
  EXPECT_EQ(format_decimal_trimmed(6789012000000, 8), "67890.12");
  EXPECT_EQ(format_decimal_trimmed(-50, 2), "-0.5");
  EXPECT_EQ(format_decimal_trimmed(0, 2), "0");
}

TEST(Decimal, EdgeCases) {
  EXPECT_EQ(parse_decimal("0.000000000000000001", 18).value(), 1);
  EXPECT_EQ(parse_decimal("9.223372036854775807", 18).value(), INT64_MAX);
  EXPECT_EQ(parse_decimal("9.223372036854775808", 18).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(parse_decimal("-9.223372036854775809", 18).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(parse_decimal("1", 19).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_decimal("1", -1).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_decimal("0.0000000000000000001").error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(parse_decimal("-0", 0).value(), 0);
  EXPECT_EQ(parse_decimal("-0.000", 2).value(), 0);
  EXPECT_EQ(parse_decimal("0.10000000000000000000000", 1).value(), 1);  // zeros beyond are exact
  EXPECT_EQ(parse_decimal("00000000000000000000000001", 0).value(), 1);
  const ScaledDecimal d = parse_decimal("-1.2300").value();
  EXPECT_EQ(d.raw, -12300);
  EXPECT_EQ(d.precision, 4);
  EXPECT_EQ(format_decimal(INT64_MAX, 18), "9.223372036854775807");
  EXPECT_EQ(format_decimal(1, 18), "0.000000000000000001");
  EXPECT_EQ(format_decimal(-1, 18), "-0.000000000000000001");
  EXPECT_EQ(format_decimal_trimmed(-1, 18), "-0.000000000000000001");
  std::int64_t out = 0;
  EXPECT_TRUE(parse_decimal_fast("61800.20", "61800.20" + 8, 2, out));
  EXPECT_EQ(out, 6180020);
  EXPECT_FALSE(parse_decimal_fast("61800.201", "61800.201" + 9, 2, out));
}

// Every raw value at every precision formats and parses back to itself, at the fixed
// precision, with the written precision, and trimmed.
TEST(Decimal, SeededRandomRoundTrips) {
  std::mt19937_64 rng(20240808);
  for (int i = 0; i < 200'000; ++i) {
    const int precision = static_cast<int>(rng() % 19);
    std::int64_t raw = static_cast<std::int64_t>(rng());
    // Mix full-range values with small ones, as real prices and quantities are.
    if (i % 3 == 1) raw %= 1'000'000'000;
    if (i % 3 == 2) raw %= 1'000;
    const std::string text = format_decimal(raw, precision);
    ASSERT_EQ(parse_decimal(text, precision).value(), raw) << text;
    const ScaledDecimal written = parse_decimal(text).value();
    ASSERT_EQ(written.raw, raw) << text;
    ASSERT_EQ(written.precision, precision) << text;
    const std::string trimmed = format_decimal_trimmed(raw, precision);
    ASSERT_EQ(parse_decimal(trimmed, precision).value(), raw) << trimmed;
    std::int64_t fast = 0;
    ASSERT_TRUE(parse_decimal_fast(text.data(), text.data() + text.size(), precision, fast));
    ASSERT_EQ(fast, raw);
  }
}

// One more fraction digit than the value carries always overflows or stays exact, never wraps.
TEST(Decimal, SeededRandomOverflowIsReported) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 50'000; ++i) {
    const int precision = static_cast<int>(rng() % 18);
    const auto raw = static_cast<std::int64_t>(rng());
    const std::string text = format_decimal(raw, precision);
    const auto r = parse_decimal(text, precision + 1);
    const Int128 wide = static_cast<Int128>(raw) * 10;
    if (wide > INT64_MAX || wide < INT64_MIN) {
      ASSERT_EQ(r.error().code(), ErrorCode::kOverflow) << text;
    } else {
      ASSERT_EQ(r.value(), raw * 10) << text;
    }
  }
}

// The inline fast parser and the checked one agree on random text, valid or not.
TEST(Decimal, FastParserAgreesWithCheckedParserOnRandomText) {
  std::mt19937_64 rng(1234);
  const std::string_view alphabet = "0123456789000000000.-+x ";
  std::string text;
  int valid = 0;
  for (int i = 0; i < 300'000; ++i) {
    text.clear();
    const std::size_t length = rng() % 26;
    for (std::size_t k = 0; k < length; ++k) text += alphabet[rng() % alphabet.size()];
    const int precision = static_cast<int>(rng() % 19);
    std::int64_t fast = 0;
    const bool fast_ok =
        parse_decimal_fast(text.data(), text.data() + text.size(), precision, fast);
    std::int64_t checked = 0;
    const bool checked_ok =
        detail::parse_decimal_checked(text.data(), text.data() + text.size(), precision, checked);
    ASSERT_EQ(fast_ok, checked_ok) << "'" << text << "' at " << precision;
    if (fast_ok) {
      ++valid;
      ASSERT_EQ(fast, checked) << "'" << text << "' at " << precision;
    }
  }
  EXPECT_GT(valid, 30'000);  // enough accepted inputs for the comparison to mean something
}

}  // namespace
}  // namespace omega
