// Provides parse_timestamp_text: one timestamp cell of a candle file (epoch number or date) to ns.
#pragma once

#include <cstdint>
#include <string_view>

#include "data/candle_reader.hpp"

namespace omega::data {

// Parses an epoch number in `unit` (fractions allowed, e.g. "1502946000.0" seconds) or, for
// kAuto, a number scaled by magnitude or an ISO-8601 date; writes ns since the epoch. Returns
// false on malformed text or overflow.
bool parse_timestamp_text(std::string_view text, TimeUnit unit, std::int64_t& ns);

}  // namespace omega::data
