#include "core/timeframe.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

constexpr std::array<Timeframe, 15> kAll = {{
    {Timeframe::Unit::kMinute, 1},
    {Timeframe::Unit::kMinute, 3},
    {Timeframe::Unit::kMinute, 5},
    {Timeframe::Unit::kMinute, 15},
    {Timeframe::Unit::kMinute, 30},
    {Timeframe::Unit::kHour, 1},
    {Timeframe::Unit::kHour, 2},
    {Timeframe::Unit::kHour, 4},
    {Timeframe::Unit::kHour, 6},
    {Timeframe::Unit::kHour, 8},
    {Timeframe::Unit::kHour, 12},
    {Timeframe::Unit::kDay, 1},
    {Timeframe::Unit::kDay, 3},
    {Timeframe::Unit::kWeek, 1},
    {Timeframe::Unit::kMonth, 1},
}};

// 1970-01-05 was the first Monday after the epoch.
constexpr std::int64_t kFirstMondayNs = 4 * kNanosPerDay;

}  // namespace

const std::array<Timeframe, 15>& Timeframe::all() {
  return kAll;
}

Result<Timeframe> Timeframe::parse(std::string_view text) {
  for (const auto& tf : kAll) {
    if (tf.to_string() == text) return tf;
  }
  return Error(ErrorCode::kParse,
               fmt::format("unknown timeframe '{}' (expected one of 1m 3m 5m 15m 30m 1h 2h 4h 6h "
                           "8h 12h 1d 3d 1w 1M)",
                           text));
}

std::optional<Timeframe> Timeframe::from_duration(Duration d) {
  for (const auto& tf : kAll) {
    if (!tf.is_calendar() && tf.duration() == d) return tf;
  }
  return std::nullopt;
}

Duration Timeframe::duration() const {
  switch (unit_) {
    case Unit::kMinute:
      return Duration(count_ * kNanosPerMinute);
    case Unit::kHour:
      return Duration(count_ * kNanosPerHour);
    case Unit::kDay:
      return Duration(count_ * kNanosPerDay);
    case Unit::kWeek:
      return Duration(std::int64_t{count_} * 7 * kNanosPerDay);
    case Unit::kMonth:
      return Duration(std::int64_t{count_} * 30 * kNanosPerDay);
  }
  OMEGA_UNREACHABLE("bad timeframe unit");
}

Timestamp Timeframe::align_down(Timestamp ts) const {
  if (unit_ == Unit::kMonth) {
    const CivilDate d = to_civil(ts).date;
    const std::int64_t month_index = static_cast<std::int64_t>(d.year) * 12 + (d.month - 1);
    const std::int64_t aligned = month_index - (((month_index % count_) + count_) % count_);
    const int y = static_cast<int>(Timestamp::floor_div(aligned, 12));
    const auto m = static_cast<unsigned>(aligned - static_cast<std::int64_t>(y) * 12 + 1);
    return Timestamp(days_from_civil(y, m, 1) * kNanosPerDay);
  }
  const std::int64_t len = duration().count();
  const std::int64_t origin = unit_ == Unit::kWeek ? kFirstMondayNs : 0;
  return Timestamp(Timestamp::floor_div(ts.ns() - origin, len) * len + origin);
}

Timestamp Timeframe::next_open(Timestamp open) const {
  const Timestamp start = align_down(open);
  if (unit_ == Unit::kMonth) {
    const CivilDate d = to_civil(start).date;
    std::int64_t month_index = static_cast<std::int64_t>(d.year) * 12 + (d.month - 1) + count_;
    const int y = static_cast<int>(Timestamp::floor_div(month_index, 12));
    const auto m = static_cast<unsigned>(month_index - static_cast<std::int64_t>(y) * 12 + 1);
    return Timestamp(days_from_civil(y, m, 1) * kNanosPerDay);
  }
  return start + duration();
}

bool Timeframe::is_multiple_of(Timeframe finer) const {
  if (finer.is_calendar()) return is_calendar() && count_ % finer.count_ == 0;
  const std::int64_t f = finer.duration().count();
  if (is_calendar()) return kNanosPerDay % f == 0;  // every month is whole days
  if (unit_ == Unit::kWeek) {
    // Week bars start on Mondays; finer bars must tile both the length and the Monday origin.
    return duration().count() % f == 0 && kFirstMondayNs % f == 0;
  }
  return duration().count() % f == 0 && (finer.unit_ != Unit::kWeek);
}

std::string Timeframe::to_string() const {
  char suffix = 'm';
  switch (unit_) {
    case Unit::kMinute:
      suffix = 'm';
      break;
    case Unit::kHour:
      suffix = 'h';
      break;
    case Unit::kDay:
      suffix = 'd';
      break;
    case Unit::kWeek:
      suffix = 'w';
      break;
    case Unit::kMonth:
      suffix = 'M';
      break;
  }
  return fmt::format("{}{}", count_, suffix);
}

}  // namespace omega
