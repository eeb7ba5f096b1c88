// Provides IndicatorSource: the hook through which a bot asks for indicators by name, and
// BuiltinIndicators, a small stand-in (SMA, EMA of closes) until the analytics registry lands.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/messages.hpp"
#include "model/candle.hpp"

namespace omega::engine {

// Names one indicator instance created by a source.
using IndicatorHandle = std::uint32_t;

// Computes indicators the kernel feeds with every closed bar (before bots see the bar), so a
// bot reads values that include the bar it is handling and nothing later.
class IndicatorSource {
 public:
  virtual ~IndicatorSource() = default;
  // Creates an indicator `name` (e.g. "sma") with numeric parameters on an instrument;
  // kNotFound for an unknown name, kInvalidArgument for bad parameters.
  virtual Result<IndicatorHandle> create(std::string_view name, InstrumentIndex instrument,
                                         std::span<const double> params) = 0;
  // Feeds a closed bar.
  virtual void on_candle(InstrumentIndex instrument, const Candle& candle) = 0;
  // Returns the latest value (NaN until warmed up).
  virtual double value(IndicatorHandle handle) const = 0;
};

// SMA(period) and EMA(period) of closes, in double (analytics, never order arithmetic).
class BuiltinIndicators final : public IndicatorSource {
 public:
  Result<IndicatorHandle> create(std::string_view name, InstrumentIndex instrument,
                                 std::span<const double> params) override;
  void on_candle(InstrumentIndex instrument, const Candle& candle) override;
  double value(IndicatorHandle handle) const override { return states_[handle].value; }

 private:
  struct State {
    bool is_ema = false;
    InstrumentIndex instrument = 0;
    std::size_t period = 0;
    std::vector<double> window;  // SMA ring
    std::size_t seen = 0;
    double sum = 0.0;
    double value = 0.0;
  };
  std::vector<State> states_;
};

}  // namespace omega::engine
