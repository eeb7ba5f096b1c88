// Provides parse_freqtrade_json: freqtrade's candle JSON ([[ms, o, h, l, c, v], ...]) read with
// simdjson, keeping every number's exact decimal text.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "data/candle_reader.hpp"

namespace omega::data {

// Parses a JSON array of six-element rows. Numbers are read from their text, so "0.1" stays
// exactly 0.1; exponents ("1e-05") and numeric strings ("\"42.5\"") are accepted.
Result<ReadResult> parse_freqtrade_json(std::string_view content, std::string_view source_name,
                                        const ReadOptions& options);

}  // namespace omega::data
