#include "core/result.hpp"

#include <memory>

#include <gtest/gtest.h>

namespace omega {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Error(ErrorCode::kInvalidArgument, "not positive");
  return v;
}

Result<int> doubled(int v) {
  OMEGA_ASSIGN_OR_RETURN(int x, parse_positive(v));
  return x * 2;
}

Status check(int v) {
  OMEGA_TRY(parse_positive(v));
  return ok_status();
}

TEST(Result, ValueAndErrorPaths) {
  EXPECT_EQ(doubled(4).value(), 8);
  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(check(1).ok());
  EXPECT_FALSE(check(0).ok());
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(Result, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Result, ContextChainFormatsOutermostFirst) {
  Error e(ErrorCode::kParse, "bad digit 'x'");
  e.with_context("column close").with_context("data/btc.csv line 12");
  EXPECT_EQ(e.to_string(), "data/btc.csv line 12: column close: bad digit 'x' (parse)");
}

TEST(ResultDeathTest, ValueOnErrorAborts) {
  Result<int> r = Error(ErrorCode::kInternal, "boom");
  EXPECT_DEATH((void)r.value(), "Result::value\\(\\) on an error");
}

}  // namespace
}  // namespace omega
