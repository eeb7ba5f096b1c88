// Provides IndicatorSource: the hook through which a bot asks for indicators by name, and
// RegistryIndicators, its implementation over the analytics indicator registry.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/messages.hpp"
#include "model/candle.hpp"

namespace omega::indicators {
class Indicator;
}  // namespace omega::indicators

namespace omega::engine {

// Names one indicator instance created by a source.
using IndicatorHandle = std::uint32_t;

// Computes indicators the kernel feeds with every closed bar (before bots see the bar), so a
// bot reads values that include the bar it is handling and nothing later.
class IndicatorSource {
 public:
  virtual ~IndicatorSource() = default;
  // Creates an indicator from a registry spec such as "rsi:14" or "macd:12,26,9" on an
  // instrument; fails naming the spec when it is unknown or malformed.
  virtual Result<IndicatorHandle> create(std::string_view spec, InstrumentIndex instrument) = 0;
  // Feeds a closed bar.
  virtual void on_candle(InstrumentIndex instrument, const Candle& candle) = 0;
  // Returns the latest value of one output (NaN until warmed up).
  virtual double value(IndicatorHandle handle, std::size_t output = 0) const = 0;
};

// The analytics registry's streaming indicators (analytics works in double; never on the order
// path).
class RegistryIndicators final : public IndicatorSource {
 public:
  RegistryIndicators();
  ~RegistryIndicators() override;
  Result<IndicatorHandle> create(std::string_view spec, InstrumentIndex instrument) override;
  void on_candle(InstrumentIndex instrument, const Candle& candle) override;
  double value(IndicatorHandle handle, std::size_t output = 0) const override;
  // Returns true while no indicator was created (the kernel then skips feeding bars).
  bool empty() const { return states_.empty(); }

 private:
  struct State {
    InstrumentIndex instrument = 0;
    std::unique_ptr<indicators::Indicator> indicator;
    std::vector<double> outputs;
  };
  std::vector<State> states_;
};

}  // namespace omega::engine
