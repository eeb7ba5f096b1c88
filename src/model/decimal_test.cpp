#include "model/decimal.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace omega
