#include "model/balance.hpp"

#include <gtest/gtest.h>

namespace omega {
namespace {

Money money(std::string_view s) {
  return Money::parse(s).value();
}

void expect_invariant(const Balance& b) {
  EXPECT_EQ(b.free().add(b.locked()).value(), b.total());
  EXPECT_FALSE(b.free().is_negative());
  EXPECT_FALSE(b.locked().is_negative());
}

TEST(Balance, LockSpendUnlockKeepTotalEqualFreePlusLocked) {
  Balance b = Balance::create(Currency::parse("USDT").value(), money("1000"), money("0")).value();
  EXPECT_EQ(b.currency().code(), "USDT");
  ASSERT_TRUE(b.lock(money("300.5")).ok());
  EXPECT_EQ(b.free(), money("699.5"));
  EXPECT_EQ(b.locked(), money("300.5"));
  EXPECT_EQ(b.total(), money("1000"));
  expect_invariant(b);
  ASSERT_TRUE(b.spend_locked(money("200")).ok());
  EXPECT_EQ(b.total(), money("800"));
  expect_invariant(b);
  ASSERT_TRUE(b.unlock(money("100.5")).ok());
  EXPECT_TRUE(b.locked().is_zero());
  ASSERT_TRUE(b.credit(money("0.25")).ok());
  EXPECT_EQ(b.total(), money("800.25"));
  ASSERT_TRUE(b.debit(money("0.25")).ok());
  EXPECT_EQ(b.free(), money("800"));
  expect_invariant(b);
}

TEST(Balance, RefusesWhatWouldBreakTheInvariant) {
  Balance b = Balance::create(Currency::parse("BTC").value(), money("1"), money("0.5")).value();
  EXPECT_EQ(b.total(), money("1.5"));
  EXPECT_EQ(b.debit(money("1.00000001")).error().code(), ErrorCode::kRejected);
  EXPECT_EQ(b.lock(money("2")).error().code(), ErrorCode::kRejected);
  EXPECT_EQ(b.unlock(money("0.6")).error().code(), ErrorCode::kRejected);
  EXPECT_EQ(b.spend_locked(money("0.6")).error().code(), ErrorCode::kRejected);
  EXPECT_EQ(b.credit(money("-1")).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(b.total(), money("1.5"));
  EXPECT_EQ(b.free(), money("1"));
  expect_invariant(b);
  EXPECT_EQ(b.credit(Money::from_raw_unchecked(INT64_MAX, 0)).error().code(), ErrorCode::kOverflow);
  EXPECT_EQ(Balance::create(Currency::parse("BTC").value(), money("-1"), money("0")).error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Balance::create(Currency(), money("1"), money("0")).error().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace omega
