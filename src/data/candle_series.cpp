#include "data/candle_series.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

namespace omega::data {
namespace {

// Rescales every value of `column` in place from `from` to `to` fraction digits, or fails
// leaving it unchanged.
Status rescale(std::vector<std::int64_t>& column, int from, int to, const char* what) {
  if (to < 0 || to > kMaxDecimalPrecision) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} precision {} is outside 0..{}", what, to, kMaxDecimalPrecision));
  }
  if (to == from) return ok_status();
  std::vector<std::int64_t> out(column.size());
  if (to > from) {
    const std::int64_t factor = pow10_i64(to - from);
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (__builtin_mul_overflow(column[i], factor, &out[i])) {
        return Error(ErrorCode::kOverflow, fmt::format("{} value {} does not fit at precision {}",
                                                       what, format_decimal(column[i], from), to));
      }
    }
  } else {
    const std::int64_t factor = pow10_i64(from - to);
    for (std::size_t i = 0; i < column.size(); ++i) {
      if (column[i] % factor != 0) {
        return Error(ErrorCode::kOutOfRange,
                     fmt::format("{} value {} has more than {} fraction digits", what,
                                 format_decimal(column[i], from), to));
      }
      out[i] = column[i] / factor;
    }
  }
  column = std::move(out);
  return ok_status();
}

}  // namespace

CandleSeries::CandleSeries(int price_precision, int volume_precision)
    : price_precision_(price_precision), volume_precision_(volume_precision) {
  OMEGA_ASSERT(price_precision >= 0 && price_precision <= kMaxDecimalPrecision,
               "price precision outside 0..18");
  OMEGA_ASSERT(volume_precision >= 0 && volume_precision <= kMaxDecimalPrecision,
               "volume precision outside 0..18");
}

void CandleSeries::reserve(std::size_t rows) {
  open_time_ns_.reserve(rows);
  open_.reserve(rows);
  high_.reserve(rows);
  low_.reserve(rows);
  close_.reserve(rows);
  volume_.reserve(rows);
}

void CandleSeries::push_back_raw(std::int64_t open_time_ns, std::int64_t open, std::int64_t high,
                                 std::int64_t low, std::int64_t close, std::int64_t volume) {
  open_time_ns_.push_back(open_time_ns);
  open_.push_back(open);
  high_.push_back(high);
  low_.push_back(low);
  close_.push_back(close);
  volume_.push_back(volume);
}

void CandleSeries::push_back_row(const CandleSeries& other, std::size_t row) {
  OMEGA_ASSERT(
      other.price_precision_ == price_precision_ && other.volume_precision_ == volume_precision_,
      "push_back_row across precisions");
  push_back_raw(other.open_time_ns_[row], other.open_[row], other.high_[row], other.low_[row],
                other.close_[row], other.volume_[row]);
}

Candle CandleSeries::candle(std::size_t i) const {
  return Candle{open_time(i), open(i), high(i), low(i), close(i), volume(i)};
}

std::span<const std::int64_t> CandleSeries::raw(Column column) const {
  switch (column) {
    case Column::kOpenTime:
      return open_time_ns_;
    case Column::kOpen:
      return open_;
    case Column::kHigh:
      return high_;
    case Column::kLow:
      return low_;
    case Column::kClose:
      return close_;
    case Column::kVolume:
      return volume_;
  }
  OMEGA_UNREACHABLE("bad Column");
}

std::vector<double> CandleSeries::to_doubles(Column column) const {
  const auto values = raw(column);
  double scale = 1.0;
  switch (column) {
    case Column::kOpenTime:
      scale = 1e9;
      break;
    case Column::kVolume:
      scale = static_cast<double>(pow10_i64(volume_precision_));
      break;
    default:
      scale = static_cast<double>(pow10_i64(price_precision_));
      break;
  }
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = static_cast<double>(values[i]) / scale;
  }
  return out;
}

Status CandleSeries::set_price_precision(int precision) {
  // Rescale copies first so that a failure leaves every column untouched.
  auto open = open_;
  auto high = high_;
  auto low = low_;
  auto close = close_;
  OMEGA_TRY(rescale(open, price_precision_, precision, "price"));
  OMEGA_TRY(rescale(high, price_precision_, precision, "price"));
  OMEGA_TRY(rescale(low, price_precision_, precision, "price"));
  OMEGA_TRY(rescale(close, price_precision_, precision, "price"));
  open_ = std::move(open);
  high_ = std::move(high);
  low_ = std::move(low);
  close_ = std::move(close);
  price_precision_ = precision;
  return ok_status();
}

Status CandleSeries::set_volume_precision(int precision) {
  OMEGA_TRY(rescale(volume_, volume_precision_, precision, "volume"));
  volume_precision_ = precision;
  return ok_status();
}

CandleSeries CandleSeries::gather(std::span<const std::size_t> rows) const {
  CandleSeries out(price_precision_, volume_precision_);
  out.reserve(rows.size());
  for (const std::size_t r : rows) out.push_back_row(*this, r);
  return out;
}

std::optional<Timeframe> detect_timeframe(const CandleSeries& series) {
  std::vector<std::int64_t> times(series.open_time_ns().begin(), series.open_time_ns().end());
  std::sort(times.begin(), times.end());
  std::unordered_map<std::int64_t, std::size_t> counts;
  for (std::size_t i = 1; i < times.size(); ++i) {
    const std::int64_t d = times[i] - times[i - 1];
    if (d > 0) ++counts[d];
  }
  if (counts.empty()) return std::nullopt;
  std::size_t month_like = 0;
  std::int64_t best = 0;
  std::size_t best_count = 0;
  for (const auto& [spacing, count] : counts) {
    if (spacing >= 28 * kNanosPerDay && spacing <= 31 * kNanosPerDay) month_like += count;
    // Ties go to the shorter spacing so the result does not depend on hash order.
    if (count > best_count || (count == best_count && spacing < best)) {
      best = spacing;
      best_count = count;
    }
  }
  if (month_like > best_count) return Timeframe::mo1();
  return Timeframe::from_duration(Duration(best));
}

}  // namespace omega::data
