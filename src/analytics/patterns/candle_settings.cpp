#include "analytics/patterns/candle_settings.hpp"

#include "core/assert.hpp"

namespace omega::patterns {

double candle_range(const OhlcSpans& bars, const CandleSetting& setting, std::size_t i) {
  switch (setting.range) {
    case RangeType::kRealBody:
      return bars.body(i);
    case RangeType::kHighLow:
      return bars.range(i);
    case RangeType::kShadows:
      return bars.upper_shadow(i) + bars.lower_shadow(i);
  }
  return 0.0;
}

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
