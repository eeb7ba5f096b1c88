// Provides ChannelValue: one bar of a price channel (upper, middle and lower lines).
#pragma once

#include "analytics/indicators/bar.hpp"

namespace omega::indicators {

// Holds one channel output.
struct ChannelValue {
  double upper = kNaN;
  double middle = kNaN;
  double lower = kNaN;
};

}  // namespace omega::indicators
