// Provides the files report.html inlines, embedded at build time (cmake/EmbedFiles.cmake) from
// the npm package pinned in package.json.
#pragma once

#include <string_view>

namespace omega::backtest::assets {

// Returns TradingView Lightweight Charts' standalone production build (defines the global
// LightweightCharts).
std::string_view lightweight_charts_js();
// Returns the library's licence text (Apache License 2.0).
std::string_view lightweight_charts_license();

}  // namespace omega::backtest::assets
