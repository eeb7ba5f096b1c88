#include "data/resampler.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace omega::data {
namespace {

// Counts the bars of `finer` that make up the bucket opening at `open`.
std::int64_t expected_bars(const Timeframe& to, const Timeframe& finer, Timestamp open) {
  return (to.next_open(open) - open).count() / finer.duration().count();
}

}  // namespace

Result<ResampleResult> resample_candles(const CandleSeries& s, const ResampleOptions& options) {
  if (s.empty()) return Error(ErrorCode::kInvalidArgument, "cannot resample an empty series");
  const auto t = s.open_time_ns();
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (t[i] <= t[i - 1]) {
      return Error(
          ErrorCode::kValidation,
          fmt::format("rows must be strictly ascending to resample: row {} ({}) is not "
                      "after row {} ({}); clean the data first (omega data validate --fix)",
                      i + 1, format_iso8601(s.open_time(i)), i,
                      format_iso8601(s.open_time(i - 1))));
    }
  }
  const std::optional<Timeframe> from = options.from ? options.from : detect_timeframe(s);
  if (!from) {
    return Error(ErrorCode::kInvalidArgument,
                 "cannot detect the source timeframe (need two bars a standard timeframe apart)");
  }
  if (from->is_calendar() || !options.to.is_multiple_of(*from) || options.to == *from) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("cannot resample {} to {}: the target must be a coarser whole "
                             "multiple of the source",
                             from->to_string(), options.to.to_string()));
  }
  ResampleResult out{CandleSeries(s.price_precision(), s.volume_precision()), {}, 0, 0};
  const auto o = s.open_raw();
  const auto h = s.high_raw();
  const auto l = s.low_raw();
  const auto c = s.close_raw();
  const auto v = s.volume_raw();
  std::size_t i = 0;
  while (i < s.size()) {
    const Timestamp bucket = options.to.align_down(s.open_time(i));
    const Timestamp next = options.to.next_open(bucket);
    std::int64_t high = h[i];
    std::int64_t low = l[i];
    std::int64_t volume = v[i];
    std::size_t j = i + 1;
    for (; j < s.size() && t[j] < next.ns(); ++j) {
      high = std::max(high, h[j]);
      low = std::min(low, l[j]);
      if (__builtin_add_overflow(volume, v[j], &volume)) {
        return Error(ErrorCode::kOverflow,
                     fmt::format("volume sum overflows int64 in the {} bucket at {}",
                                 options.to.to_string(), format_iso8601(bucket)));
      }
    }
    const bool complete =
        static_cast<std::int64_t>(j - i) == expected_bars(options.to, *from, bucket);
    const bool edge = i == 0 || j == s.size();
    if (!complete && edge && options.edges == EdgePolicy::kDrop) {
      ++out.dropped_edge_buckets;
    } else {
      if (!complete && !edge) ++out.incomplete_buckets;
      out.series.push_back_raw(bucket.ns(), o[i], high, low, c[j - 1], volume);
      out.complete.push_back(complete ? 1 : 0);
    }
    i = j;
  }
  return out;
}

}  // namespace omega::data
