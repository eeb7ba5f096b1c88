#include "analytics/indicators/bar.hpp"

#include <algorithm>

namespace omega::indicators {
namespace {

std::span<const double> head(std::span<const double> column, std::size_t n) {
  return column.empty() ? column : column.first(n);
}

}  // namespace

std::size_t BarColumns::size() const {
  return std::max(
      {ts_ns.size(), open.size(), high.size(), low.size(), close.size(), volume.size()});
}

BarColumns BarColumns::first(std::size_t n) const {
  return BarColumns{.ts_ns = ts_ns.empty() ? ts_ns : ts_ns.first(n),
                    .open = head(open, n),
                    .high = head(high, n),
                    .low = head(low, n),
                    .close = head(close, n),
                    .volume = head(volume, n)};
}

}  // namespace omega::indicators
