#include "data/candle_validator.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "model/decimal.hpp"

namespace omega::data {
namespace {

// Row-level problems, as bits.
enum RowFlag : std::uint8_t {
  kFlagHighBelowLow = 1,
  kFlagOpenOutside = 2,
  kFlagCloseOutside = 4,
  kFlagNonPositive = 8,
  kFlagNegativeVolume = 16,
  kFlagMisaligned = 32,
};

// The shared analysis behind validate and clean.
struct Analysis {
  std::optional<Timeframe> timeframe;
  std::vector<std::size_t> order;   // row indices stably sorted by time
  std::vector<std::uint8_t> flags;  // RowFlag bits per row
  std::vector<std::size_t> chosen;  // one row per distinct time, ascending (dedupe rule)
  std::vector<std::size_t> spikes;  // chosen valid rows that are spikes
};

std::uint8_t row_flags(const CandleSeries& s, std::size_t i, const std::optional<Timeframe>& tf) {
  const auto o = s.open_raw()[i];
  const auto h = s.high_raw()[i];
  const auto l = s.low_raw()[i];
  const auto c = s.close_raw()[i];
  std::uint8_t f = 0;
  if (h < l) f |= kFlagHighBelowLow;
  if (o < l || o > h) f |= kFlagOpenOutside;
  if (c < l || c > h) f |= kFlagCloseOutside;
  if (o <= 0 || h <= 0 || l <= 0 || c <= 0) f |= kFlagNonPositive;
  if (s.volume_raw()[i] < 0) f |= kFlagNegativeVolume;
  if (tf && !tf->is_aligned(s.open_time(i))) f |= kFlagMisaligned;
  return f;
}

Analysis analyse(const CandleSeries& s, const ValidateOptions& options) {
  Analysis a;
  a.timeframe = options.timeframe ? options.timeframe : detect_timeframe(s);
  const auto t = s.open_time_ns();
  a.order.resize(s.size());
  std::iota(a.order.begin(), a.order.end(), std::size_t{0});
  std::stable_sort(a.order.begin(), a.order.end(),
                   [&](std::size_t x, std::size_t y) { return t[x] < t[y]; });
  a.flags.resize(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) a.flags[i] = row_flags(s, i, a.timeframe);
  const auto v = s.volume_raw();
  for (std::size_t g = 0; g < a.order.size();) {
    std::size_t end = g + 1;
    while (end < a.order.size() && t[a.order[end]] == t[a.order[g]]) ++end;
    // Valid rows beat invalid ones; then the highest volume; ties keep the earliest row.
    std::size_t best = a.order[g];
    for (std::size_t k = g + 1; k < end; ++k) {
      const std::size_t r = a.order[k];
      const bool r_valid = a.flags[r] == 0;
      const bool b_valid = a.flags[best] == 0;
      if ((r_valid && !b_valid) || (r_valid == b_valid && v[r] > v[best])) best = r;
    }
    a.chosen.push_back(best);
    g = end;
  }
  // Spikes: compare each valid chosen bar with up to `spike_window` valid neighbours per side.
  std::vector<std::size_t> valid;
  for (const std::size_t r : a.chosen) {
    if (a.flags[r] == 0) valid.push_back(r);
  }
  if (options.spike_ratio <= 0) return a;  // spike check disabled
  const auto w = static_cast<std::size_t>(std::max(options.spike_window, 1));
  const auto hi = s.high_raw();
  const auto lo = s.low_raw();
  for (std::size_t k = 0; k < valid.size(); ++k) {
    std::int64_t ref_high = INT64_MIN;
    std::int64_t ref_low = INT64_MAX;
    const std::size_t from = k >= w ? k - w : 0;
    const std::size_t to = std::min(valid.size(), k + w + 1);
    for (std::size_t j = from; j < to; ++j) {
      if (j == k) continue;
      ref_high = std::max(ref_high, hi[valid[j]]);
      ref_low = std::min(ref_low, lo[valid[j]]);
    }
    if (ref_high == INT64_MIN) continue;
    // Doubles are fine here: the test is a coarse ratio, not money arithmetic.
    const double h = static_cast<double>(hi[valid[k]]);
    const double l = static_cast<double>(lo[valid[k]]);
    if (h > static_cast<double>(ref_high) * options.spike_ratio ||
        l * options.spike_ratio < static_cast<double>(ref_low)) {
      a.spikes.push_back(valid[k]);
    }
  }
  return a;
}

std::int64_t line_of(std::span<const std::int64_t> lines, std::size_t row) {
  return lines.empty() ? static_cast<std::int64_t>(row) + 1 : lines[row];
}

// Counts the bars of `tf` in [from, to).
std::int64_t bars_between(const Timeframe& tf, Timestamp from, Timestamp to) {
  if (!tf.is_calendar()) return (to - from).count() / tf.duration().count();
  std::int64_t n = 0;
  for (Timestamp x = from; x < to; x = tf.next_open(x)) ++n;
  return n;
}

}  // namespace

std::string_view to_string(IssueKind kind) {
  switch (kind) {
    case IssueKind::kDescendingOrder:
      return "descending-order";
    case IssueKind::kUnsorted:
      return "unsorted";
    case IssueKind::kDuplicate:
      return "duplicate";
    case IssueKind::kConflictingDuplicate:
      return "conflicting-duplicate";
    case IssueKind::kHole:
      return "hole";
    case IssueKind::kKnownOutage:
      return "known-outage";
    case IssueKind::kHighBelowLow:
      return "high-below-low";
    case IssueKind::kOpenOutsideRange:
      return "open-outside-range";
    case IssueKind::kCloseOutsideRange:
      return "close-outside-range";
    case IssueKind::kNonPositivePrice:
      return "non-positive-price";
    case IssueKind::kNegativeVolume:
      return "negative-volume";
    case IssueKind::kMisaligned:
      return "misaligned";
    case IssueKind::kSpike:
      return "spike";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "unknown";
}

std::size_t ValidationReport::count(IssueKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(issues.begin(), issues.end(), [&](const Issue& i) { return i.kind == kind; }));
}

std::size_t ValidationReport::count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(
      issues.begin(), issues.end(), [&](const Issue& i) { return i.severity == severity; }));
}

ValidationReport validate_candles(const CandleSeries& s, std::span<const std::int64_t> lines,
                                  std::string_view source, const ValidateOptions& options) {
  ValidationReport report;
  report.source = std::string(source);
  report.rows = s.size();
  if (s.empty()) return report;
  const Analysis a = analyse(s, options);
  report.timeframe = a.timeframe;
  report.unique_times = a.chosen.size();
  const auto t = s.open_time_ns();
  const int pp = s.price_precision();
  const auto px = [&](std::int64_t raw) { return format_decimal_trimmed(raw, pp); };
  const auto add = [&](IssueKind kind, Severity sev, std::size_t row, std::string msg) {
    report.issues.push_back(Issue{kind, sev, row == SIZE_MAX ? 0 : line_of(lines, row),
                                  row == SIZE_MAX ? Timestamp() : s.open_time(row),
                                  std::move(msg)});
  };

  // Order: a wholly newest-first file is one finding, not one per row.
  std::size_t increases = 0;
  std::size_t decreases = 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (t[i] > t[i - 1]) ++increases;
    if (t[i] < t[i - 1]) ++decreases;
  }
  if (decreases > 0 && increases == 0) {
    add(IssueKind::kDescendingOrder, Severity::kError, SIZE_MAX,
        fmt::format("rows are newest-first ({} descending steps); readers expect ascending time",
                    decreases));
  } else {
    for (std::size_t i = 1; i < s.size(); ++i) {
      if (t[i] < t[i - 1]) {
        add(IssueKind::kUnsorted, Severity::kError, i,
            fmt::format("{} is earlier than the previous row ({}, line {})",
                        format_iso8601(s.open_time(i)), format_iso8601(s.open_time(i - 1)),
                        line_of(lines, i - 1)));
      }
    }
  }

  // Duplicates, one finding per extra row.
  const auto o = s.open_raw();
  const auto h = s.high_raw();
  const auto l = s.low_raw();
  const auto c = s.close_raw();
  const auto v = s.volume_raw();
  for (std::size_t g = 0; g < a.order.size();) {
    std::size_t end = g + 1;
    while (end < a.order.size() && t[a.order[end]] == t[a.order[g]]) ++end;
    if (end - g > 1) {
      ++report.duplicate_times;
      report.duplicate_rows += end - g - 1;
      const std::size_t first = a.order[g];
      bool price_diff = false;
      bool volume_diff = false;
      for (std::size_t k = g + 1; k < end; ++k) {
        const std::size_t r = a.order[k];
        const bool pd =
            o[r] != o[first] || h[r] != h[first] || l[r] != l[first] || c[r] != c[first];
        const bool vd = v[r] != v[first];
        price_diff = price_diff || pd;
        volume_diff = volume_diff || vd;
        if (pd) {
          add(IssueKind::kConflictingDuplicate, Severity::kError, r,
              fmt::format(
                  "{} also at line {} with different prices: OHLC {} {} {} {} vs {} {} {} {}",
                  format_iso8601(s.open_time(r)), line_of(lines, first), px(o[r]), px(h[r]),
                  px(l[r]), px(c[r]), px(o[first]), px(h[first]), px(l[first]), px(c[first])));
        } else {
          add(IssueKind::kDuplicate, Severity::kError, r,
              fmt::format("{} also at line {}{}", format_iso8601(s.open_time(r)),
                          line_of(lines, first), vd ? " (same prices, different volume)" : ""));
        }
      }
      if (price_diff) ++report.price_disagreements;
      if (volume_diff) ++report.volume_disagreements;
    }
    g = end;
  }

  // Row checks in file order.
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::uint8_t f = a.flags[i];
    if (f == 0) continue;
    if ((f & kFlagHighBelowLow) != 0) {
      add(IssueKind::kHighBelowLow, Severity::kError, i,
          fmt::format("high {} is below low {}", px(h[i]), px(l[i])));
    }
    if ((f & kFlagOpenOutside) != 0) {
      add(IssueKind::kOpenOutsideRange, Severity::kError, i,
          fmt::format("open {} is outside [low {}, high {}]", px(o[i]), px(l[i]), px(h[i])));
    }
    if ((f & kFlagCloseOutside) != 0) {
      add(IssueKind::kCloseOutsideRange, Severity::kError, i,
          fmt::format("close {} is outside [low {}, high {}]", px(c[i]), px(l[i]), px(h[i])));
    }
    if ((f & kFlagNonPositive) != 0) {
      add(IssueKind::kNonPositivePrice, Severity::kError, i,
          fmt::format("non-positive price in OHLC {} {} {} {}", px(o[i]), px(h[i]), px(l[i]),
                      px(c[i])));
    }
    if ((f & kFlagNegativeVolume) != 0) {
      add(IssueKind::kNegativeVolume, Severity::kError, i,
          fmt::format("negative volume {}", format_decimal_trimmed(v[i], s.volume_precision())));
    }
    if ((f & kFlagMisaligned) != 0) {
      add(IssueKind::kMisaligned, Severity::kError, i,
          fmt::format("{} is not on a {} bar boundary (expected {})",
                      format_iso8601(s.open_time(i)), a.timeframe->to_string(),
                      format_iso8601(a.timeframe->align_down(s.open_time(i)))));
    }
  }
  for (const std::size_t r : a.spikes) {
    add(IssueKind::kSpike, Severity::kError, r,
        fmt::format("bar at {} (open {}, high {}, low {}) lies far outside its {} neighbours on "
                    "each side (ratio > {})",
                    format_iso8601(s.open_time(r)), px(o[r]), px(h[r]), px(l[r]),
                    options.spike_window, options.spike_ratio));
  }

  // Gaps between distinct times.
  if (a.timeframe) {
    const Timeframe tf = *a.timeframe;
    for (std::size_t k = 1; k < a.chosen.size(); ++k) {
      const std::size_t prev = a.chosen[k - 1];
      const Timestamp expected = tf.next_open(s.open_time(prev));
      const Timestamp next = s.open_time(a.chosen[k]);
      if (next <= expected) continue;
      Gap gap{expected, next, bars_between(tf, expected, next), line_of(lines, prev), false, {}};
      if (options.outages != nullptr) {
        if (const OutageWindow* w = options.outages->covering(expected, next)) {
          gap.known_outage = true;
          gap.outage_note = w->note;
        }
      }
      report.missing_bars += gap.missing_bars;
      add(gap.known_outage ? IssueKind::kKnownOutage : IssueKind::kHole,
          gap.known_outage ? Severity::kInfo : Severity::kWarning, prev,
          fmt::format("{} missing {} bar(s) from {} to {}{}", gap.missing_bars, tf.to_string(),
                      format_iso8601(expected), format_iso8601(next),
                      gap.known_outage ? fmt::format(" (known outage: {})", gap.outage_note)
                                       : std::string(" (not a known outage)")));
      report.issues.back().time = expected;  // the first missing bar, not the bar before
      report.gaps.push_back(std::move(gap));
    }
  }
  return report;
}

CleanResult clean_candles(const CandleSeries& s, std::span<const std::int64_t> lines,
                          const ValidateOptions& options) {
  CleanResult out{CandleSeries(s.price_precision(), s.volume_precision()), {}, 0, 0};
  if (s.empty()) return out;
  const Analysis a = analyse(s, options);
  std::vector<std::size_t> spikes = a.spikes;
  std::sort(spikes.begin(), spikes.end());
  out.dropped_duplicates = s.size() - a.chosen.size();
  out.series.reserve(a.chosen.size());
  for (const std::size_t r : a.chosen) {
    if (a.flags[r] != 0 || std::binary_search(spikes.begin(), spikes.end(), r)) {
      ++out.dropped_invalid;
      continue;
    }
    out.series.push_back_row(s, r);
    out.source_lines.push_back(line_of(lines, r));
  }
  return out;
}

}  // namespace omega::data
