// Provides the indicator registry: builds an Indicator from a spec string such as "rsi:14".
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "analytics/indicators/indicator.hpp"
#include "core/result.hpp"

namespace omega::indicators {

// Describes one parameter a registered indicator accepts.
struct ParamInfo {
  std::string_view name;  // e.g. "period"
  double default_value;   // used when the spec leaves the parameter out
  double min;             // smallest accepted value
  double max;             // largest accepted value
  bool integer;           // whether the value must be a whole number
};

// Describes one registered indicator for listings and help text.
struct IndicatorEntryInfo {
  std::string_view name;                  // spec name, e.g. "bbands"
  std::string_view title;                 // one line for humans
  std::vector<ParamInfo> params;          // in spec order
  std::vector<std::string_view> outputs;  // output names in order
};

// Parses `spec` ("name" or "name:p1,p2,..."; missing trailing parameters take their defaults)
// and returns its description, or an Error naming the spec and the problem: kNotFound for an
// unknown name, kParse for a malformed number, kInvalidArgument for a value out of range.
Result<IndicatorInfo> describe_indicator(std::string_view spec);

// Parses `spec` like describe_indicator() and returns a fresh indicator ready to stream or batch.
Result<std::unique_ptr<Indicator>> make_indicator(std::string_view spec);

// Lists every registered indicator with its parameters and outputs, in registry order.
const std::vector<IndicatorEntryInfo>& registered_indicators();

}  // namespace omega::indicators
