#include "model/fixed_point.hpp"

#include <array>
#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace omega {
namespace {

Price px(std::string_view s) {
  return Price::parse(s).value();
}
Quantity qty(std::string_view s) {
  return Quantity::parse(s).value();
}
Money money(std::string_view s) {
  return Money::parse(s).value();
}

TEST(FixedPoint, AddAndSubAlignPrecisions) {
  EXPECT_EQ(px("1.5").add(px("0.25")).value().to_string(), "1.75");
  EXPECT_EQ(px("1.5").add(px("0.25")).value().precision(), 2);
  EXPECT_EQ(px("1.5").sub(px("0.25")).value().to_string(), "1.25");
  EXPECT_EQ(px("-1").sub(px("0.001")).value().to_string(), "-1.001");
  EXPECT_EQ(Price::zero(3).add(px("2")).value().to_string(), "2.000");
}

TEST(FixedPoint, ArithmeticOverflowIsAnError) {
  const Price max = Price::from_raw_unchecked(INT64_MAX, 0);
  const Price min = Price::from_raw_unchecked(INT64_MIN, 0);
  const Price one = Price::from_raw_unchecked(1, 0);
  EXPECT_EQ(max.add(one).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(min.sub(one).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(min.negate().error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(min.abs().error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(max.mul(2).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(min.mul(-1).error().code(), ErrorCode::kOverflow);
  // Aligning 9.2e17 to one more digit no longer fits.
  EXPECT_EQ(Price::from_raw_unchecked(INT64_MAX / 5, 0).add(px("0.1")).error().code(),
            ErrorCode::kOverflow);
  EXPECT_EQ(max.rescale(1, Rounding::kDown).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(max.negate().value().raw(), -INT64_MAX);
  EXPECT_EQ(max.sub(max).value().raw(), 0);
  EXPECT_EQ(min.add(max).value().raw(), -1);
  EXPECT_EQ(px("-3.5").abs().value(), px("3.5"));
  EXPECT_EQ(px("1.25").mul(-3).value(), px("-3.75"));
}

TEST(FixedPoint, DivisionRoundsAsAsked) {
  struct Case {
    const char* value;
    std::int64_t divisor;
    Rounding rounding;
    const char* expected;  // nullptr: refused (kExact)
  };
  const Case cases[] = {
      {"7", 2, Rounding::kDown, "3"},       {"7", 2, Rounding::kUp, "4"},
      {"7", 2, Rounding::kFloor, "3"},      {"7", 2, Rounding::kCeil, "4"},
      {"7", 2, Rounding::kHalfEven, "4"},   {"7", 2, Rounding::kHalfUp, "4"},
      {"5", 2, Rounding::kHalfEven, "2"},   {"5", 2, Rounding::kHalfUp, "3"},
      {"-7", 2, Rounding::kDown, "-3"},     {"-7", 2, Rounding::kUp, "-4"},
      {"-7", 2, Rounding::kFloor, "-4"},    {"-7", 2, Rounding::kCeil, "-3"},
      {"-5", 2, Rounding::kHalfEven, "-2"}, {"-5", 2, Rounding::kHalfUp, "-3"},
      {"7", -2, Rounding::kFloor, "-4"},    {"10", 3, Rounding::kHalfEven, "3"},
      {"11", 3, Rounding::kHalfEven, "4"},  {"7", 2, Rounding::kExact, nullptr},
      {"8", 2, Rounding::kExact, "4"},      {"1.00", 3, Rounding::kHalfEven, "0.33"},
  };
  for (const Case& c : cases) {
    const auto r = px(c.value).div(c.divisor, c.rounding);
    if (c.expected == nullptr) {
      ASSERT_FALSE(r.ok()) << c.value;
      EXPECT_EQ(r.error().code(), ErrorCode::kOutOfRange);
    } else {
      ASSERT_TRUE(r.ok()) << c.value << " / " << c.divisor << " " << to_string(c.rounding);
      EXPECT_EQ(r->to_string(), c.expected)
          << c.value << " / " << c.divisor << " " << to_string(c.rounding);
    }
  }
  EXPECT_EQ(px("1").div(0, Rounding::kDown).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Price::from_raw_unchecked(INT64_MIN, 0).div(-1, Rounding::kDown).error().code(),
            ErrorCode::kOverflow);
}

TEST(FixedPoint, RescaleInEveryMode) {
  // value, then the result at one fraction digit for: down, up, floor, ceil, half_even, half_up.
  struct Case {
    const char* value;
    std::array<const char*, 6> expected;
  };
  const Case cases[] = {
      {"1.25", {"1.2", "1.3", "1.2", "1.3", "1.2", "1.3"}},
      {"1.35", {"1.3", "1.4", "1.3", "1.4", "1.4", "1.4"}},
      {"-1.25", {"-1.2", "-1.3", "-1.3", "-1.2", "-1.2", "-1.3"}},
      {"1.21", {"1.2", "1.3", "1.2", "1.3", "1.2", "1.2"}},
      {"-1.27", {"-1.2", "-1.3", "-1.3", "-1.2", "-1.3", "-1.3"}},
      {"-0.05", {"0.0", "-0.1", "-0.1", "0.0", "0.0", "-0.1"}},
      {"2.50", {"2.5", "2.5", "2.5", "2.5", "2.5", "2.5"}},
  };
  const Rounding modes[] = {Rounding::kDown, Rounding::kUp,       Rounding::kFloor,
                            Rounding::kCeil, Rounding::kHalfEven, Rounding::kHalfUp};
  for (const Case& c : cases) {
    for (std::size_t m = 0; m < 6; ++m) {
      EXPECT_EQ(px(c.value).rescale(1, modes[m]).value().to_string(), c.expected[m])
          << c.value << " " << to_string(modes[m]);
    }
  }
  EXPECT_EQ(px("1.25").rescale(1, Rounding::kExact).error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(px("1.20").rescale(1, Rounding::kExact).value().to_string(), "1.2");
  EXPECT_EQ(px("1.2").rescale(4, Rounding::kExact).value().to_string(), "1.2000");
  EXPECT_EQ(px("1").rescale(19, Rounding::kExact).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(px("0.999999999999999999").rescale(0, Rounding::kHalfEven).value().to_string(), "1");
}

TEST(FixedPoint, RoundsToTickAndLotInEveryMode) {
  const Price tick = px("0.5");
  struct Case {
    const char* value;
    std::array<const char*, 6> expected;  // down, up, floor, ceil, half_even, half_up
  };
  const Case cases[] = {
      {"10.26", {"10.0", "10.5", "10.0", "10.5", "10.5", "10.5"}},
      {"10.24", {"10.0", "10.5", "10.0", "10.5", "10.0", "10.0"}},
      {"10.25", {"10.0", "10.5", "10.0", "10.5", "10.0", "10.5"}},  // tie: 20.5 ticks -> 20
      {"10.75", {"10.5", "11.0", "10.5", "11.0", "11.0", "11.0"}},  // tie: 21.5 ticks -> 22
      {"-10.26", {"-10.0", "-10.5", "-10.5", "-10.0", "-10.5", "-10.5"}},
      {"-10.25", {"-10.0", "-10.5", "-10.5", "-10.0", "-10.0", "-10.5"}},
      {"10.5", {"10.5", "10.5", "10.5", "10.5", "10.5", "10.5"}},
      {"0.1", {"0.0", "0.5", "0.0", "0.5", "0.0", "0.0"}},
      {"-0.1", {"0.0", "-0.5", "-0.5", "0.0", "0.0", "0.0"}},
  };
  const Rounding modes[] = {Rounding::kDown, Rounding::kUp,       Rounding::kFloor,
                            Rounding::kCeil, Rounding::kHalfEven, Rounding::kHalfUp};
  for (const Case& c : cases) {
    for (std::size_t m = 0; m < 6; ++m) {
      EXPECT_EQ(px(c.value).round_to_step(tick, modes[m]).value().to_string(), c.expected[m])
          << c.value << " " << to_string(modes[m]);
    }
  }
  // Lot sizes finer than the value's precision, and values finer than the lot.
  const Quantity lot = qty("0.001");
  EXPECT_EQ(qty("1.23456").round_to_step(lot, Rounding::kDown).value().to_string(), "1.234");
  EXPECT_EQ(qty("1.23456").round_to_step(lot, Rounding::kUp).value().to_string(), "1.235");
  EXPECT_EQ(qty("1.2345").round_to_step(lot, Rounding::kHalfEven).value().to_string(), "1.234");
  EXPECT_EQ(qty("-1.2345").round_to_step(lot, Rounding::kFloor).value().to_string(), "-1.235");
  EXPECT_EQ(qty("2").round_to_step(lot, Rounding::kExact).value().to_string(), "2.000");
  EXPECT_EQ(qty("2.0001").round_to_step(lot, Rounding::kExact).error().code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(px("67890.17").round_to_step(px("0.1"), Rounding::kHalfEven).value().to_string(),
            "67890.2");
  EXPECT_EQ(px("67890").round_to_step(px("25"), Rounding::kCeil).value().to_string(), "67900");
  EXPECT_EQ(px("1").round_to_step(px("0"), Rounding::kDown).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(px("1").round_to_step(px("-0.5"), Rounding::kDown).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(px("10.5").is_multiple_of(tick));
  EXPECT_FALSE(px("10.25").is_multiple_of(tick));
  // Rounding up at the top of the range overflows instead of wrapping.
  EXPECT_EQ(Price::from_raw_unchecked(INT64_MAX, 0)
                .round_to_step(Price::from_raw_unchecked(10, 0), Rounding::kUp)
                .error()
                .code(),
            ErrorCode::kOverflow);
}

TEST(FixedPoint, NotionalIsExact) {
  EXPECT_EQ(notional(px("61800.20"), qty("0.014")).value().to_string(), "865.20280");
  EXPECT_EQ(notional(px("-2.5"), qty("4")).value().to_string(), "-10.0");
  // 8 + 8 fraction digits as written by Binance spot: trailing zeros are dropped to fit.
  const Money m = notional(px("61837.63000000"), qty("3.78826000")).value();
  EXPECT_EQ(m.to_string_trimmed(), "234257.0202238");
  EXPECT_EQ(m, money("234257.0202238"));
  // Exact digits that cannot fit in 64 bits are refused, never rounded silently.
  EXPECT_EQ(notional(px("92233720368.54775807"), qty("1000000000.1")).error().code(),
            ErrorCode::kOverflow);
  EXPECT_EQ(notional(px("0.000000001"), qty("0.0000000001")).error().code(), ErrorCode::kOverflow);
  // With explicit precision and rounding.
  EXPECT_EQ(notional(px("61800.20"), qty("0.014"), 2, Rounding::kHalfEven).value().to_string(),
            "865.20");
  EXPECT_EQ(
      notional(px("0.000000001"), qty("0.0000000001"), 18, Rounding::kHalfEven).value().to_string(),
      "0.000000000000000000");
  EXPECT_EQ(notional(px("0.15"), qty("0.5"), 1, Rounding::kHalfEven).value().to_string(), "0.1");
  EXPECT_EQ(notional(px("0.15"), qty("0.5"), 1, Rounding::kExact).error().code(),
            ErrorCode::kOutOfRange);
  EXPECT_EQ(notional(Price::from_raw_unchecked(INT64_MAX, 0), qty("2"), 0, Rounding::kDown)
                .error()
                .code(),
            ErrorCode::kOverflow);
}

TEST(FixedPoint, FeesAndAveragePrices) {
  const Rate taker = Rate::parse("0.0005").value();
  EXPECT_EQ(apply_rate(money("865.20280"), taker, 8, Rounding::kUp).value().to_string(),
            "0.43260140");
  EXPECT_EQ(apply_rate(money("865.20281"), taker, 8, Rounding::kUp).value().to_string(),
            "0.43260141");
  EXPECT_EQ(price_from_notional(money("100"), qty("3"), 4, Rounding::kHalfEven).value().to_string(),
            "33.3333");
  EXPECT_EQ(price_from_notional(money("100"), qty("3"), 4, Rounding::kUp).value().to_string(),
            "33.3334");
  EXPECT_EQ(price_from_notional(money("100"), qty("0"), 4, Rounding::kUp).error().code(),
            ErrorCode::kInvalidArgument);
}

TEST(FixedPoint, ComparesByValueAcrossPrecisions) {
  EXPECT_EQ(px("1.0"), px("1.00"));
  EXPECT_LT(px("1.09"), px("1.1"));
  EXPECT_GT(px("-1.09"), px("-1.1"));
  EXPECT_LT(Price::from_raw_unchecked(INT64_MIN, 0), Price::from_raw_unchecked(INT64_MIN, 18));
  Price p;
  EXPECT_TRUE(Price::try_parse("61800.2", 2, p));
  EXPECT_EQ(p.raw(), 6180020);
  EXPECT_FALSE(Price::try_parse("61800.201", 2, p));
  EXPECT_EQ(Price::from_raw(1, 19).error().code(), ErrorCode::kInvalidArgument);
}

// Adding and subtracting random values agrees with 128-bit arithmetic or reports overflow.
TEST(FixedPoint, SeededRandomCheckedArithmetic) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 100'000; ++i) {
    const auto a = Price::from_raw_unchecked(static_cast<std::int64_t>(rng()) >> (rng() % 63),
                                             static_cast<int>(rng() % 19));
    const auto b = Price::from_raw_unchecked(static_cast<std::int64_t>(rng()) >> (rng() % 63),
                                             static_cast<int>(rng() % 19));
    const int p = a.precision() > b.precision() ? a.precision() : b.precision();
    Int128 av = a.raw();
    Int128 bv = b.raw();
    for (int k = a.precision(); k < p; ++k) av *= 10;
    for (int k = b.precision(); k < p; ++k) bv *= 10;
    const Int128 sum = av + bv;
    const auto r = a.add(b);
    if (sum > INT64_MAX || sum < INT64_MIN) {
      ASSERT_EQ(r.error().code(), ErrorCode::kOverflow);
    } else {
      ASSERT_EQ(r->raw(), static_cast<std::int64_t>(sum));
      ASSERT_EQ(r->precision(), p);
      if (av <= INT64_MAX && av >= INT64_MIN) {
        ASSERT_EQ(r->sub(b).value(), a);
      }
    }
  }
}

}  // namespace
}  // namespace omega
