// Provides read_funding_series: a CSV of funding times and rates (e.g. a venue's funding-rate
// history) for backtests that pay funding from a series instead of a constant.
#pragma once

#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "model/fixed_point.hpp"

namespace omega::data {

// One funding event: when it settles and the rate (longs pay a positive rate).
using FundingPoint = std::pair<Timestamp, Rate>;

// Parses funding CSV text. The header names the columns: a time column (`funding_time`,
// `fundingTime`, `calc_time`, `time` or `timestamp`) and a rate column (`funding_rate`,
// `fundingRate`, `last_funding_rate` or `rate`); other columns are ignored. Times are epoch
// numbers (scaled by magnitude: s, ms, µs or ns) or ISO-8601 UTC; rates are decimals. Times must
// strictly ascend. Errors (kParse, kValidation) name `source`, the line and the problem.
Result<std::vector<FundingPoint>> parse_funding_series(std::string_view text,
                                                       std::string_view source);

// Reads a funding CSV file (plain or gzip) with parse_funding_series.
Result<std::vector<FundingPoint>> read_funding_series(const std::filesystem::path& path);

}  // namespace omega::data
