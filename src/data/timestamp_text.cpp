#include "data/timestamp_text.hpp"

#include "core/time.hpp"
#include "model/decimal.hpp"

namespace omega::data {
namespace {

// Times beyond about ±2255 are refused so that adding a bar length can never overflow int64.
constexpr std::int64_t kMaxAbsNs = 9'000'000'000'000'000'000LL;

// Fraction digits of a second that a unit carries: parsing "x" at this precision yields ns.
int ns_digits(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSeconds:
      return 9;
    case TimeUnit::kMillis:
      return 6;
    case TimeUnit::kMicros:
      return 3;
    case TimeUnit::kNanos:
      return 0;
    case TimeUnit::kAuto:
      break;
  }
  return 9;
}

// Epoch integers are scaled by magnitude; thresholds keep seconds valid to year 5138 and
// ms/µs valid from 1973 on.
TimeUnit unit_by_magnitude(std::int64_t v) {
  const std::int64_t m = v < 0 ? -v : v;
  if (m < 100'000'000'000LL) return TimeUnit::kSeconds;
  if (m < 100'000'000'000'000LL) return TimeUnit::kMillis;
  if (m < 100'000'000'000'000'000LL) return TimeUnit::kMicros;
  return TimeUnit::kNanos;
}

bool parse_ns(std::string_view text, TimeUnit unit, std::int64_t& ns) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (unit != TimeUnit::kAuto) return parse_decimal_fast(b, e, ns_digits(unit), ns);
  // Fast path: a plain integer (or one with a zero fraction, "1502946000.0").
  std::int64_t v = 0;
  if (parse_decimal_fast(b, e, 0, v)) {
    // Scale instead of parsing again.
    return !__builtin_mul_overflow(v, pow10_i64(ns_digits(unit_by_magnitude(v))), &ns);
  }
  // A fraction means seconds ("1502946000.5").
  if (parse_decimal_fast(b, e, 9, ns)) return true;
  const Result<Timestamp> ts = parse_iso8601(text);
  if (!ts.ok()) return false;
  ns = ts->ns();
  return true;
}

}  // namespace

bool parse_timestamp_text(std::string_view text, TimeUnit unit, std::int64_t& ns) {
  return parse_ns(text, unit, ns) && ns <= kMaxAbsNs && ns >= -kMaxAbsNs;
}

}  // namespace omega::data
