// Provides render_fib_chart and render_last_leg_chart: a PNG image (bytes in memory) of candles
// with the Fibonacci levels of a swing leg, drawn with Cairo, for chat attachments and files.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "chat/chart/chart_options.hpp"
#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::chart {

// The media type of what the renderers return, for multipart uploads.
inline constexpr std::string_view kPngContentType = "image/png";

// Renders the trailing options.max_candles candles of `series` with `levels` as labelled
// horizontal lines and `leg` (indices into `series`) highlighted, as a PNG. The same input gives
// the same bytes. Fails with the problem named (see ChartLayout::compute), or kInternal when
// Cairo fails.
Result<std::vector<std::byte>> render_fib_chart(const data::CandleSeries& series,
                                                std::span<const fib::FibLevel> levels,
                                                const std::optional<fib::SwingLeg>& leg,
                                                const ChartOptions& options);

// A chart of the last swing leg and what it was drawn from.
struct LastLegChart {
  std::vector<std::byte> png;
  fib::SwingLeg leg;
  std::vector<fib::FibLevel> levels;
  ChartOptions options;  // the options drawn with (max_candles widened, subtitle filled in)
};

// Renders `leg` with its `levels` (indices into `series`): the view widens beyond
// options.max_candles (up to 1000 candles) to keep the leg's start in it, and an empty
// options.subtitle becomes "<direction> leg <from> → <to>".
Result<LastLegChart> render_leg_chart(const data::CandleSeries& series, const fib::SwingLeg& leg,
                                      std::vector<fib::FibLevel> levels, ChartOptions options);

// Detects swings with `spec` over the whole series, takes the last complete leg and renders
// its levels for `ratios` (the levels `omega fib` prints for the default side kBoth) with
// render_leg_chart, the subtitle starting with the spec. Fails with kNotFound when there is no
// complete leg.
Result<LastLegChart> render_last_leg_chart(const data::CandleSeries& series,
                                           const fib::SwingSpec& spec, const fib::RatioSet& ratios,
                                           ChartOptions options,
                                           fib::ExtensionSide side = fib::ExtensionSide::kBoth);

// Returns a file name for a chart attachment: "fib_BTC-USDT_1h.png" (characters other than
// letters, digits, '.', '_' and '-' become '-').
std::string chart_file_name(std::string_view symbol, std::string_view timeframe);

}  // namespace omega::chart
