// Provides Indicator: a configured indicator that computes a whole series or one bar at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Names the bar fields an indicator reads, as bits of IndicatorInfo::inputs.
enum InputField : std::uint8_t {
  kInputOpen = 1U << 0U,
  kInputHigh = 1U << 1U,
  kInputLow = 1U << 2U,
  kInputClose = 1U << 3U,
  kInputVolume = 1U << 4U,
  kInputTime = 1U << 5U,
};

// Describes a configured indicator: what a bot asked for and what it will get back.
struct IndicatorInfo {
  std::string name;                  // registry name, e.g. "macd"
  std::string spec;                  // canonical spec with every parameter, e.g. "macd:12,26,9"
  std::vector<double> params;        // parameter values in spec order
  std::vector<std::string> outputs;  // output names in order, e.g. {"macd", "signal", "hist"}
  int lookback = 0;                  // leading NaN bars before every output is defined
  std::uint8_t inputs = 0;           // InputField bits read from each bar
};

// Computes one indicator in two forms with identical results: compute() over a whole series,
// update() one bar at a time in O(1) for live bots. A NaN in an input field the indicator reads
// poisons it: that bar's outputs and every later one are NaN (until reset() when streaming),
// so a bad tick can never leave a plausible-looking but wrong value behind.
class Indicator {
 public:
  virtual ~Indicator() = default;
  Indicator(const Indicator&) = delete;
  Indicator& operator=(const Indicator&) = delete;

  // Returns the description: name, canonical spec, outputs and lookback.
  const IndicatorInfo& info() const { return info_; }
  // Returns the number of leading NaN bars before every output is defined.
  int lookback() const { return info_.lookback; }
  // Returns the number of outputs written per bar.
  std::size_t output_count() const { return info_.outputs.size(); }

  // Feeds the next bar and writes one value per output into `out` (output_count() long).
  void update(const Bar& bar, std::span<double> out);
  // Forgets every bar fed to update().
  void reset();

  // Computes every bar of `in` from a fresh state into `out`: one span per output, each
  // in.size() long. Does not touch the streaming state.
  void compute(const BarColumns& in, std::span<const std::span<double>> out) const;
  // Computes every bar of `in` and returns one column per output.
  std::vector<std::vector<double>> compute(const BarColumns& in) const;

 protected:
  explicit Indicator(IndicatorInfo info) : info_(std::move(info)) {}

 private:
  virtual void do_update(const Bar& bar, double* out) = 0;
  virtual void do_compute(const BarColumns& in, std::span<const std::span<double>> out) const = 0;
  virtual void do_reset() = 0;

  IndicatorInfo info_;
  bool poisoned_ = false;
};

}  // namespace omega::indicators
