// Implements BuiltinIndicators.
#include "engine/indicator_source.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace omega::engine {

Result<IndicatorHandle> BuiltinIndicators::create(std::string_view name,
                                                  InstrumentIndex instrument,
                                                  std::span<const double> params) {
  if (name != "sma" && name != "ema") {
    return Error(ErrorCode::kNotFound, fmt::format("unknown indicator '{}' (sma, ema)", name));
  }
  if (params.size() != 1 || !(params[0] >= 1.0) || params[0] != std::floor(params[0])) {
    return Error(ErrorCode::kInvalidArgument, fmt::format("{} needs one whole period >= 1", name));
  }
  State s;
  s.is_ema = name == "ema";
  s.instrument = instrument;
  s.period = static_cast<std::size_t>(params[0]);
  s.window.assign(s.period, 0.0);
  s.value = std::numeric_limits<double>::quiet_NaN();
  states_.push_back(std::move(s));
  return static_cast<IndicatorHandle>(states_.size() - 1);
}

void BuiltinIndicators::on_candle(InstrumentIndex instrument, const Candle& candle) {
  const double close = candle.close.to_double();
  for (State& s : states_) {
    if (s.instrument != instrument) continue;
    const std::size_t slot = s.seen % s.period;
    ++s.seen;
    if (s.is_ema) {
      const double alpha = 2.0 / (static_cast<double>(s.period) + 1.0);
      s.sum = s.seen == 1 ? close : s.sum + alpha * (close - s.sum);
      if (s.seen >= s.period) s.value = s.sum;
      continue;
    }
    s.sum += close - s.window[slot];
    s.window[slot] = close;
    if (s.seen >= s.period) s.value = s.sum / static_cast<double>(s.period);
  }
}

}  // namespace omega::engine
