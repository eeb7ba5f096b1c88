#include "core/time.hpp"

#include <array>
#include <cstdio>

#include <fmt/format.h>

namespace omega {
namespace {

// Reads exactly `n` digits at `pos`; returns false if any is not a digit.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  unsigned v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  pos += n;
  out = v;
  return true;
}

Error iso_error(std::string_view text, std::string_view why) {
  return Error(ErrorCode::kParse, fmt::format("invalid ISO-8601 timestamp '{}': {}", text, why));
}

}  // namespace

CivilTime to_civil(Timestamp ts) {
  const std::int64_t days = Timestamp::floor_div(ts.ns(), kNanosPerDay);
  std::int64_t rem = ts.ns() - days * kNanosPerDay;
  CivilTime ct;
  ct.date = civil_from_days(days);
  ct.hour = static_cast<unsigned>(rem / kNanosPerHour);
  rem %= kNanosPerHour;
  ct.minute = static_cast<unsigned>(rem / kNanosPerMinute);
  rem %= kNanosPerMinute;
  ct.second = static_cast<unsigned>(rem / kNanosPerSecond);
  ct.nanosecond = static_cast<std::uint32_t>(rem % kNanosPerSecond);
  return ct;
}

Result<Timestamp> from_civil(const CivilTime& ct) {
  const auto& d = ct.date;
  if (d.month < 1 || d.month > 12) {
    return Error(ErrorCode::kOutOfRange, fmt::format("month {} is not in 1..12", d.month));
  }
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    return Error(ErrorCode::kOutOfRange,
                 fmt::format("day {} is not valid in {:04}-{:02}", d.day, d.year, d.month));
  }
  if (ct.hour > 23 || ct.minute > 59 || ct.second > 59 || ct.nanosecond >= kNanosPerSecond) {
    return Error(ErrorCode::kOutOfRange, fmt::format("time {:02}:{:02}:{:02} is out of range",
                                                     ct.hour, ct.minute, ct.second));
  }
  const std::int64_t days = days_from_civil(d.year, d.month, d.day);
  // Representable range of int64 nanoseconds: 1677-09-21 .. 2262-04-11.
  if (days < -106751 || days > 106750) {
    return Error(ErrorCode::kOutOfRange,
                 fmt::format("year {} is outside the representable range 1678..2261", d.year));
  }
  return Timestamp(days * kNanosPerDay + ct.hour * kNanosPerHour + ct.minute * kNanosPerMinute +
                   ct.second * kNanosPerSecond + ct.nanosecond);
}

namespace {

// "00" "01" ... "99": two digits per lookup.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> t{};
  for (int i = 0; i < 100; ++i) {
    t[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    t[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

char* put2(char* out, unsigned v) {
  const char* pair = &kDigitPairs[2 * static_cast<std::size_t>(v)];
  out[0] = pair[0];
  out[1] = pair[1];
  return out + 2;
}

// Writes `v` as exactly `width` digits (v < 10^width).
char* put_fixed(char* out, std::uint32_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + width;
}

}  // namespace

char* format_iso8601_to(char* out, Timestamp ts) {
  const CivilTime ct = to_civil(ts);
  // Timestamps span 1677..2262: the year always has four digits.
  const auto year = static_cast<unsigned>(ct.date.year);
  out = put2(out, year / 100);
  out = put2(out, year % 100);
  *out++ = '-';
  out = put2(out, ct.date.month);
  *out++ = '-';
  out = put2(out, ct.date.day);
  *out++ = 'T';
  out = put2(out, ct.hour);
  *out++ = ':';
  out = put2(out, ct.minute);
  *out++ = ':';
  out = put2(out, ct.second);
  if (ct.nanosecond != 0) {
    *out++ = '.';
    if (ct.nanosecond % 1'000'000 == 0) {
      out = put_fixed(out, ct.nanosecond / 1'000'000, 3);
    } else if (ct.nanosecond % 1'000 == 0) {
      out = put_fixed(out, ct.nanosecond / 1'000, 6);
    } else {
      out = put_fixed(out, ct.nanosecond, 9);
    }
  }
  *out++ = 'Z';
  return out;
}

std::string format_iso8601(Timestamp ts) {
  char buf[kIso8601MaxChars];
  return std::string(buf, format_iso8601_to(buf, ts));
}

std::string format_date(Timestamp ts) {
  const CivilDate d = to_civil(ts).date;
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

Result<Timestamp> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  CivilTime ct;
  unsigned year = 0;
  if (!read_digits(text, pos, 4, year)) return iso_error(text, "expected a 4-digit year");
  ct.date.year = static_cast<int>(year);
  if (pos >= text.size() || text[pos] != '-') return iso_error(text, "expected '-' after year");
  ++pos;
  if (!read_digits(text, pos, 2, ct.date.month)) return iso_error(text, "expected 2-digit month");
  if (pos >= text.size() || text[pos] != '-') return iso_error(text, "expected '-' after month");
  ++pos;
  if (!read_digits(text, pos, 2, ct.date.day)) return iso_error(text, "expected 2-digit day");
  std::int64_t offset_ns = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
      return iso_error(text, "expected 'T' or ' ' between date and time");
    }
    ++pos;
    if (!read_digits(text, pos, 2, ct.hour)) return iso_error(text, "expected 2-digit hour");
    if (pos >= text.size() || text[pos] != ':') return iso_error(text, "expected ':' after hour");
    ++pos;
    if (!read_digits(text, pos, 2, ct.minute)) return iso_error(text, "expected 2-digit minute");
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!read_digits(text, pos, 2, ct.second)) return iso_error(text, "expected 2-digit second");
      if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
        ++pos;
        std::uint32_t frac = 0;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits == 9) return iso_error(text, "more than 9 fraction digits");
          frac = frac * 10 + static_cast<std::uint32_t>(text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return iso_error(text, "expected digits after the decimal point");
        for (int i = digits; i < 9; ++i) frac *= 10;
        ct.nanosecond = frac;
      }
    }
    if (pos < text.size()) {
      const char z = text[pos];
      if (z == 'Z' || z == 'z') {
        ++pos;
      } else if (z == '+' || z == '-') {
        ++pos;
        unsigned oh = 0;
        unsigned om = 0;
        if (!read_digits(text, pos, 2, oh)) return iso_error(text, "expected 2-digit zone hour");
        if (pos < text.size() && text[pos] == ':') ++pos;
        if (!read_digits(text, pos, 2, om)) return iso_error(text, "expected 2-digit zone minute");
        if (oh > 23 || om > 59) return iso_error(text, "zone offset out of range");
        offset_ns = (oh * kNanosPerHour + om * kNanosPerMinute) * (z == '+' ? 1 : -1);
      } else {
        return iso_error(text, "unexpected character after the time");
      }
    }
  }
  if (pos != text.size()) return iso_error(text, "trailing characters");
  auto ts = from_civil(ct);
  if (!ts.ok()) return iso_error(text, ts.error().message());
  return Timestamp(ts->ns() - offset_ns);
}

Result<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return Error(ErrorCode::kParse, "empty duration");
  std::size_t pos = 0;
  std::int64_t total = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    ++pos;
  }
  if (pos == text.size())
    return Error(ErrorCode::kParse, fmt::format("invalid duration '{}'", text));
  while (pos < text.size()) {
    std::int64_t n = 0;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n > (INT64_MAX - 9) / 10) {
        return Error(ErrorCode::kOverflow, fmt::format("duration '{}' is too large", text));
      }
      n = n * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) {
      return Error(ErrorCode::kParse,
                   fmt::format("invalid duration '{}': expected a number", text));
    }
    const std::size_t ustart = pos;
    while (pos < text.size() && ((text[pos] >= 'a' && text[pos] <= 'z'))) ++pos;
    const std::string_view unit = text.substr(ustart, pos - ustart);
    std::int64_t scale = 0;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us")
      scale = kNanosPerMicro;
    else if (unit == "ms")
      scale = kNanosPerMilli;
    else if (unit == "s")
      scale = kNanosPerSecond;
    else if (unit == "m")
      scale = kNanosPerMinute;
    else if (unit == "h")
      scale = kNanosPerHour;
    else if (unit == "d")
      scale = kNanosPerDay;
    else if (unit == "w")
      scale = 7 * kNanosPerDay;
    else {
      return Error(ErrorCode::kParse,
                   fmt::format("invalid duration '{}': unknown unit '{}' (use ns, us, ms, s, m, h, "
                               "d or w)",
                               text, unit));
    }
    if (n > INT64_MAX / scale || total > INT64_MAX - n * scale) {
      return Error(ErrorCode::kOverflow, fmt::format("duration '{}' is too large", text));
    }
    total += n * scale;
  }
  return Duration(negative ? -total : total);
}

std::string format_duration(Duration d) {
  std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  std::string out;
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  struct Unit {
    std::int64_t scale;
    const char* name;
  };
  static constexpr std::array<Unit, 8> kUnits = {{{7 * kNanosPerDay, "w"},
                                                  {kNanosPerDay, "d"},
                                                  {kNanosPerHour, "h"},
                                                  {kNanosPerMinute, "m"},
                                                  {kNanosPerSecond, "s"},
                                                  {kNanosPerMilli, "ms"},
                                                  {kNanosPerMicro, "us"},
                                                  {1, "ns"}}};
  for (const auto& u : kUnits) {
    if (ns >= u.scale) {
      out += fmt::format("{}{}", ns / u.scale, u.name);
      ns %= u.scale;
    }
  }
  return out;
}

}  // namespace omega
