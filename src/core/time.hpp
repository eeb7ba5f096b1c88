// Provides Timestamp (UTC, nanoseconds since the Unix epoch), Duration, civil-date helpers and
// ISO-8601 parsing and formatting.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega {

// A span of time in nanoseconds.
using Duration = std::chrono::nanoseconds;

inline constexpr std::int64_t kNanosPerMicro = 1'000;
inline constexpr std::int64_t kNanosPerMilli = 1'000'000;
inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr std::int64_t kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr std::int64_t kNanosPerDay = 24 * kNanosPerHour;

// An instant in UTC, as nanoseconds since 1970-01-01T00:00:00Z (covers 1677..2262).
class Timestamp {
 public:
  constexpr Timestamp() = default;
  constexpr explicit Timestamp(std::int64_t ns) : ns_(ns) {}

  static constexpr Timestamp from_ns(std::int64_t ns) { return Timestamp(ns); }
  static constexpr Timestamp from_us(std::int64_t us) { return Timestamp(us * kNanosPerMicro); }
  static constexpr Timestamp from_ms(std::int64_t ms) { return Timestamp(ms * kNanosPerMilli); }
  static constexpr Timestamp from_s(std::int64_t s) { return Timestamp(s * kNanosPerSecond); }

  constexpr std::int64_t ns() const { return ns_; }
  // Returns milliseconds, rounded toward negative infinity.
  constexpr std::int64_t ms() const { return floor_div(ns_, kNanosPerMilli); }
  constexpr std::int64_t seconds() const { return floor_div(ns_, kNanosPerSecond); }

  constexpr auto operator<=>(const Timestamp&) const = default;  // NOLINT(modernize-use-nullptr)
  constexpr Timestamp operator+(Duration d) const { return Timestamp(ns_ + d.count()); }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(ns_ - d.count()); }
  constexpr Duration operator-(Timestamp other) const { return Duration(ns_ - other.ns_); }
  constexpr Timestamp& operator+=(Duration d) {
    ns_ += d.count();
    return *this;
  }

  static constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }

 private:
  std::int64_t ns_ = 0;
};

// A proleptic Gregorian calendar date.
struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  friend constexpr bool operator==(const CivilDate&, const CivilDate&) = default;
};

// A date and time of day in UTC, to the nanosecond.
struct CivilTime {
  CivilDate date;
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
  std::uint32_t nanosecond = 0;
  friend constexpr bool operator==(const CivilTime&, const CivilTime&) = default;
};

// Returns days since 1970-01-01 for a civil date (H. Hinnant's algorithm; valid for all int years).
constexpr std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Returns the civil date of a day count since 1970-01-01.
constexpr CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), m, d};
}

// Returns the number of days in a month of a year.
constexpr unsigned days_in_month(int year, unsigned month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Returns the ISO weekday of a day count since the epoch: Monday = 1 .. Sunday = 7.
constexpr unsigned iso_weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  const std::int64_t w = (days % 7 + 7 + 3) % 7;  // 0 = Monday
  return static_cast<unsigned>(w) + 1;
}

// Splits a timestamp into its UTC calendar fields.
CivilTime to_civil(Timestamp ts);

// Builds a timestamp from calendar fields; fails when a field is out of range.
Result<Timestamp> from_civil(const CivilTime& ct);

// Formats as ISO-8601 UTC: "2024-08-08T12:00:00Z", with the shortest of .mmm/.uuuuuu/.nnnnnnnnn
// that shows every non-zero fraction digit.
std::string format_iso8601(Timestamp ts);

// The longest text format_iso8601 writes: "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ".
inline constexpr std::size_t kIso8601MaxChars = 30;
// Writes format_iso8601(ts) into `out` (room for kIso8601MaxChars) and returns the end. Plain
// integer arithmetic and a digit-pair table: no locale, strftime or format string, for writers
// that print a timestamp per row (equity curves of a million bars).
char* format_iso8601_to(char* out, Timestamp ts);

// Formats only the date "2024-08-08".
std::string format_date(Timestamp ts);

// Parses ISO-8601: "2024-08-08", "2024-08-08T12:00", "2024-08-08T12:00:00.123456789Z",
// "2024-08-08 12:00:00+02:00". No zone means UTC. Fails naming the offending text.
Result<Timestamp> parse_iso8601(std::string_view text);

// Parses a duration such as "250ms", "30s", "5m", "4h", "2d", "1w", "1500us", "10ns" or a
// combination "1h30m".
Result<Duration> parse_duration(std::string_view text);

// Formats a duration compactly: "1h30m", "250ms", "0s".
std::string format_duration(Duration d);

}  // namespace omega
