#include "analytics/indicators/indicator.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"

namespace omega::indicators {
namespace {

bool reads(std::uint8_t inputs, InputField field) {
  return (inputs & field) != 0;
}

bool has_nan(const Bar& bar, std::uint8_t inputs) {
  return (reads(inputs, kInputOpen) && std::isnan(bar.open)) ||
         (reads(inputs, kInputHigh) && std::isnan(bar.high)) ||
         (reads(inputs, kInputLow) && std::isnan(bar.low)) ||
         (reads(inputs, kInputClose) && std::isnan(bar.close)) ||
         (reads(inputs, kInputVolume) && std::isnan(bar.volume));
}

// Returns whether x[0..n) holds a NaN (or an infinity): x - x is 0 for finite values and NaN
// otherwise. Eight independent sums keep the adds off one dependency chain (the compiler may not
// reorder a floating-point sum by itself), so the test costs a fraction of a nanosecond a value.
bool block_may_hold_nan(const double* x, std::size_t n) {
  constexpr std::size_t kLanes = 8;
  double lanes[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t k = 0; k < kLanes; ++k) lanes[k] += x[i + k] - x[i + k];
  }
  double total = 0.0;
  for (; i < n; ++i) total += x[i] - x[i];
  for (const double lane : lanes) total += lane;
  return std::isnan(total);
}

// Returns the index of the first NaN in `column`, or its size. Blocks are tested without an
// early exit (vectorised); only a block that may hold a NaN is scanned element by element.
std::size_t first_nan(std::span<const double> column, std::size_t n) {
  if (column.empty()) return n;
  OMEGA_ASSERT(column.size() == n, "indicator input columns must have the same length");
  constexpr std::size_t kBlock = 256;
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t end = std::min(n, start + kBlock);
    if (!block_may_hold_nan(column.data() + start, end - start)) continue;
    for (std::size_t i = start; i < end; ++i) {
      if (std::isnan(column[i])) return i;
    }
  }
  return n;
}

// Returns how many leading bars have no NaN in the fields `inputs` reads.
std::size_t clean_prefix(const BarColumns& in, std::uint8_t inputs) {
  const std::size_t n = in.size();
  std::size_t clean = n;
  const auto check = [&](InputField field, std::span<const double> column) {
    if (!reads(inputs, field)) return;
    OMEGA_ASSERT(column.size() == n, "indicator input column missing or of another length");
    clean = std::min(clean, first_nan(column, n));
  };
  check(kInputOpen, in.open);
  check(kInputHigh, in.high);
  check(kInputLow, in.low);
  check(kInputClose, in.close);
  check(kInputVolume, in.volume);
  if (reads(inputs, kInputTime)) {
    OMEGA_ASSERT(in.ts_ns.size() == n, "indicator needs the timestamp column");
  }
  return clean;
}

}  // namespace

void Indicator::update(const Bar& bar, std::span<double> out) {
  OMEGA_ASSERT(out.size() == output_count(), "update() needs one slot per output");
  if (!poisoned_ && has_nan(bar, info_.inputs)) poisoned_ = true;
  if (poisoned_) {
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  do_update(bar, out.data());
}

void Indicator::reset() {
  poisoned_ = false;
  do_reset();
}

void Indicator::compute(const BarColumns& in, std::span<const std::span<double>> out) const {
  OMEGA_ASSERT(out.size() == output_count(), "compute() needs one column per output");
  const std::size_t n = in.size();
  for (const auto& column : out) {
    OMEGA_ASSERT(column.size() == n, "compute() output columns must have the input's length");
  }
  const std::size_t clean = clean_prefix(in, info_.inputs);
  std::vector<std::span<double>> heads;
  heads.reserve(out.size());
  for (const auto& column : out) heads.push_back(column.first(clean));
  do_compute(in.first(clean), heads);
  for (const auto& column : out)
    std::fill(column.begin() + static_cast<std::ptrdiff_t>(clean), column.end(), kNaN);
}

std::vector<std::vector<double>> Indicator::compute(const BarColumns& in) const {
  std::vector<std::vector<double>> columns(output_count(), std::vector<double>(in.size()));
  std::vector<std::span<double>> views(columns.begin(), columns.end());
  compute(in, views);
  return columns;
}

}  // namespace omega::indicators
