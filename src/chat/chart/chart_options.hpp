// Provides Rgb, ChartTheme and ChartOptions: the colours, size and content switches of a chart
// image (no drawing library here, so front ends and tests include it freely).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "analytics/fibonacci/levels.hpp"

namespace omega::chart {

// An opaque 8-bit sRGB colour.
struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;

  // Returns the colour as 0x00RRGGBB, the layout of Cairo's RGB24 pixels.
  constexpr std::uint32_t rgb() const {
    return (std::uint32_t{r} << 16) | (std::uint32_t{g} << 8) | std::uint32_t{b};
  }
  friend constexpr bool operator==(const Rgb&, const Rgb&) = default;
};

// The palette of a chart. dark() suits Discord's dark mode (the default client theme).
struct ChartTheme {
  Rgb background{0x13, 0x17, 0x22};
  Rgb grid{0x24, 0x29, 0x36};
  Rgb text{0xd1, 0xd4, 0xdc};
  Rgb muted_text{0x80, 0x84, 0x90};
  Rgb up{0x26, 0xa6, 0x9a};      // candles closing at or above their open
  Rgb down{0xef, 0x53, 0x50};    // candles closing below their open
  Rgb leg{0x29, 0x79, 0xff};     // the swing leg the levels come from
  Rgb pocket{0xf0, 0xb9, 0x0b};  // golden pocket band (drawn translucent)
  double volume_alpha = 0.45;    // volume bars are the candle colour at this opacity
  double pocket_alpha = 0.10;

  // Returns the dark theme.
  static ChartTheme dark() { return {}; }
  // Returns the line colour of a level: one colour per common ratio (0.618 and 0.65 share the
  // golden pocket's gold), a neutral one for other ratios; extensions and inverse extensions
  // use the colour of their ratio.
  Rgb level_colour(const fib::FibLevel& level) const;
};

// What to draw and how big.
struct ChartOptions {
  int width_px = 1200;            // 320..4096
  int height_px = 675;            // 200..4096
  std::string symbol;             // shown in the title, e.g. "BTC/USDT"
  std::string timeframe;          // shown in the title; empty: detected from the candle spacing
  std::string subtitle;           // a second title line, e.g. "zigzag:5% · last leg"; may be empty
  std::size_t max_candles = 200;  // the trailing candles drawn (>= 1)
  bool volume = true;             // a volume panel under the candles
  bool golden_pocket = true;      // shade the band between the 0.618 and 0.65 retracements
  // Levels further than this many price-ranges of the candles outside them stay off the chart
  // (listed as "off chart" in the title) so far extensions do not squash the candles.
  double level_reach = 0.35;
  ChartTheme theme = ChartTheme::dark();
};

}  // namespace omega::chart
