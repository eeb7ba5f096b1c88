// Provides validate_candles and clean_candles: the data-quality report of a candle series
// (order, duplicates, gaps vs known outages, OHLC sanity, alignment, spikes) and its cleaned copy.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "data/candle_series.hpp"
#include "data/outage_list.hpp"

namespace omega::data {

// What a finding is about.
enum class IssueKind : std::uint8_t {
  kDescendingOrder,       // the whole file is newest-first (reported once)
  kUnsorted,              // a row earlier than the row before it
  kDuplicate,             // a second row for a time, prices agreeing
  kConflictingDuplicate,  // a second row for a time with different prices
  kHole,                  // missing bars not explained by a known outage
  kKnownOutage,           // missing bars inside a known venue outage
  kHighBelowLow,
  kOpenOutsideRange,   // open not in [low, high]
  kCloseOutsideRange,  // close not in [low, high]
  kNonPositivePrice,
  kNegativeVolume,
  kMisaligned,  // open time not on a bar boundary of the timeframe
  kSpike,       // high/low far outside the neighbouring bars' range
};

// Returns a stable kebab-case name, e.g. "conflicting-duplicate".
std::string_view to_string(IssueKind kind);

// How bad a finding is: errors make validation fail; warnings and info do not.
enum class Severity : std::uint8_t { kInfo, kWarning, kError };

// Returns "info", "warning" or "error".
std::string_view to_string(Severity severity);

// One finding, tied to a source line (0 when not tied to one row). For gaps the line is the bar
// before the gap and the time is the first missing bar.
struct Issue {
  IssueKind kind;
  Severity severity;
  std::int64_t line = 0;
  Timestamp time;
  std::string message;
};

// A run of missing bars between two present ones.
struct Gap {
  Timestamp first_missing;  // open time of the first missing bar
  Timestamp next_present;   // open time of the bar after the gap
  std::int64_t missing_bars = 0;
  std::int64_t line_before = 0;  // source line of the bar before the gap
  bool known_outage = false;
  std::string outage_note;
};

// Options for validate_candles and clean_candles.
struct ValidateOptions {
  // Bar length; detected (most common spacing) when empty.
  std::optional<Timeframe> timeframe;
  // Known outages; gaps inside one are reported as kKnownOutage (info), others as kHole.
  const OutageList* outages = nullptr;
  // A bar is a spike when its high exceeds ratio x the highest high of the `spike_window` bars
  // on each side, or its low is below their lowest low / ratio. 0 disables the check.
  double spike_ratio = 1.5;
  int spike_window = 3;
};

// The findings for one series.
struct ValidationReport {
  std::string source;
  std::size_t rows = 0;
  std::optional<Timeframe> timeframe;
  std::vector<Issue> issues;  // in order of discovery: order, duplicates, rows, gaps
  std::vector<Gap> gaps;
  std::size_t unique_times = 0;
  std::size_t duplicate_times = 0;      // times that occur more than once
  std::size_t duplicate_rows = 0;       // rows beyond the first for such times
  std::size_t price_disagreements = 0;  // duplicated times whose rows differ in open/high/low/close
  std::size_t volume_disagreements = 0;  // duplicated times whose rows differ in volume
  std::int64_t missing_bars = 0;         // over all gaps

  // Returns the number of issues of a kind.
  std::size_t count(IssueKind kind) const;
  // Returns the number of issues of a severity.
  std::size_t count(Severity severity) const;
  bool ok() const { return count(Severity::kError) == 0; }
};

// Checks a series read from `source`; `lines` gives each row's source line (may be empty).
ValidationReport validate_candles(const CandleSeries& series, std::span<const std::int64_t> lines,
                                  std::string_view source, const ValidateOptions& options = {});

// The cleaned copy and what cleaning did.
struct CleanResult {
  CandleSeries series;
  std::vector<std::int64_t> source_lines;  // source line of each kept row
  std::size_t dropped_duplicates = 0;
  std::size_t dropped_invalid = 0;  // OHLC errors, non-positive prices, negative volume,
                                    // misaligned times, spikes
};

// The rule clean_candles applies, for reports and docs.
inline constexpr std::string_view kCleanRule =
    "sorted ascending by open time; for a duplicated time the row with the highest volume is "
    "kept (ties: the first in the file), since a bar captured before it closed carries less "
    "volume; rows with an OHLC error, a non-positive price, a negative volume, a misaligned "
    "time or a spike are dropped; gaps are left as gaps (nothing is invented)";

// Returns a sorted, de-duplicated copy without invalid rows (see kCleanRule).
CleanResult clean_candles(const CandleSeries& series, std::span<const std::int64_t> lines,
                          const ValidateOptions& options = {});

}  // namespace omega::data
