// Provides Timeframe: a bar length (1m .. 1M) with exchange-standard UTC bar alignment.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace omega {

// A candle length. Alignment follows Binance/BitGet: bars of minutes, hours and days are aligned
// to multiples of their length since the Unix epoch (so 3d bars start on days divisible by 3
// since 1970-01-01), weeks start Monday 00:00 UTC, months start on the 1st at 00:00 UTC.
class Timeframe {
 public:
  enum class Unit : std::uint8_t { kMinute, kHour, kDay, kWeek, kMonth };

  constexpr Timeframe() = default;
  constexpr Timeframe(Unit unit, std::uint16_t count) : unit_(unit), count_(count) {}

  static constexpr Timeframe m1() { return {Unit::kMinute, 1}; }
  static constexpr Timeframe m5() { return {Unit::kMinute, 5}; }
  static constexpr Timeframe m15() { return {Unit::kMinute, 15}; }
  static constexpr Timeframe h1() { return {Unit::kHour, 1}; }
  static constexpr Timeframe h4() { return {Unit::kHour, 4}; }
  static constexpr Timeframe d1() { return {Unit::kDay, 1}; }
  static constexpr Timeframe w1() { return {Unit::kWeek, 1}; }
  static constexpr Timeframe mo1() { return {Unit::kMonth, 1}; }

  // Parses one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M (case matters: m = minute,
  // M = month). Fails with the list of accepted values.
  static Result<Timeframe> parse(std::string_view text);
  // Returns the timeframe of a fixed bar length, if it is one of the standard ones.
  static std::optional<Timeframe> from_duration(Duration d);
  // Returns every standard timeframe, shortest first.
  static const std::array<Timeframe, 15>& all();

  constexpr Unit unit() const { return unit_; }
  constexpr std::uint16_t count() const { return count_; }
  // True for months, whose bars have no fixed length.
  constexpr bool is_calendar() const { return unit_ == Unit::kMonth; }

  // Returns the fixed bar length; months return their nominal 30 days (use next_open for exact).
  Duration duration() const;
  // Returns the open time of the bar that contains `ts`.
  Timestamp align_down(Timestamp ts) const;
  // Returns the open time of the bar after the one that opens at (or contains) `open`.
  Timestamp next_open(Timestamp open) const;
  // True when `ts` is exactly a bar open time.
  bool is_aligned(Timestamp ts) const { return align_down(ts) == ts; }
  // True when every bar of this timeframe is made of whole bars of `finer`.
  bool is_multiple_of(Timeframe finer) const;

  std::string to_string() const;

  constexpr auto operator<=>(const Timeframe&) const = default;

 private:
  Unit unit_ = Unit::kMinute;
  std::uint16_t count_ = 1;
};

}  // namespace omega
