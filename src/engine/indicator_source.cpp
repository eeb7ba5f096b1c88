// Implements RegistryIndicators over the analytics registry.
#include "engine/indicator_source.hpp"

#include <cmath>
#include <limits>

#include "analytics/indicators/indicator.hpp"
#include "analytics/indicators/registry.hpp"

namespace omega::engine {

RegistryIndicators::RegistryIndicators() = default;
RegistryIndicators::~RegistryIndicators() = default;

Result<IndicatorHandle> RegistryIndicators::create(std::string_view spec,
                                                   InstrumentIndex instrument) {
  OMEGA_ASSIGN_OR_RETURN(auto indicator, indicators::make_indicator(spec));
  State s;
  s.instrument = instrument;
  s.outputs.assign(indicator->output_count(), std::numeric_limits<double>::quiet_NaN());
  s.indicator = std::move(indicator);
  states_.push_back(std::move(s));
  return static_cast<IndicatorHandle>(states_.size() - 1);
}

void RegistryIndicators::on_candle(InstrumentIndex instrument, const Candle& candle) {
  if (states_.empty()) return;
  const indicators::Bar bar{candle.open_time.ns(),    candle.open.to_double(),
                            candle.high.to_double(),  candle.low.to_double(),
                            candle.close.to_double(), candle.volume.to_double()};
  for (State& s : states_) {
    if (s.instrument == instrument) s.indicator->update(bar, s.outputs);
  }
}

double RegistryIndicators::value(IndicatorHandle handle, std::size_t output) const {
  const State& s = states_[handle];
  return output < s.outputs.size() ? s.outputs[output] : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace omega::engine
