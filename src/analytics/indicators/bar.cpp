#include "analytics/indicators/bar.hpp"

#include <algorithm>

namespace omega::indicators {
namespace {

double read(std::span<const double> column, std::size_t i) {
  return column.empty() ? kNaN : column[i];
}

std::span<const double> head(std::span<const double> column, std::size_t n) {
  return column.empty() ? column : column.first(n);
}

}  // namespace

std::size_t BarColumns::size() const {
  return std::max(
      {ts_ns.size(), open.size(), high.size(), low.size(), close.size(), volume.size()});
}

Bar BarColumns::at(std::size_t i) const {
  return Bar{.ts_ns = ts_ns.empty() ? 0 : ts_ns[i],
             .open = read(open, i),
             .high = read(high, i),
             .low = read(low, i),
             .close = read(close, i),
             .volume = read(volume, i)};
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
