#include "analytics/patterns/candle_settings.hpp"

#include "core/assert.hpp"

namespace omega::patterns {

CandleAverage::CandleAverage(const OhlcSpans& bars, const CandleSetting& setting, std::size_t start,
                             std::size_t offset)
    : bars_(&bars),
      setting_(setting),
      period_(static_cast<std::size_t>(setting.avg_period)),
      offset_(offset) {
  OMEGA_ASSERT(setting.avg_period >= 0, "candle setting period must not be negative");
  OMEGA_ASSERT(start >= offset + period_, "pattern start leaves no room for the average");
  for (std::size_t j = start - offset - period_; j < start - offset; ++j) {
    total_ += candle_range(bars, setting, j);
  }
}

}  // namespace omega::patterns
