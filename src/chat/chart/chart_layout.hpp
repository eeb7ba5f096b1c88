// Provides ChartLayout: where every part of a Fibonacci chart goes (panels, the price and bar
// scales, axis ticks, which levels are in view), computed without drawing, so the renderer and
// the tests that probe its pixels agree on the geometry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "chat/chart/chart_options.hpp"
#include "core/result.hpp"
#include "data/candle_series.hpp"

namespace omega::chart {

// A rectangle in pixels; right and bottom are exclusive.
struct PixelRect {
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;
  int width() const { return right - left; }
  int height() const { return bottom - top; }
  // True when the pixel (x, y) lies inside.
  bool contains(int x, int y) const { return x >= left && x < right && y >= top && y < bottom; }
};

// One labelled axis tick.
struct AxisTick {
  int pixel = 0;  // y (price axis) or x (time axis) of the tick
  std::string text;
};

// The geometry of one chart.
class ChartLayout {
 public:
  // Lays out `series` (the trailing options.max_candles rows) with `levels` and `leg` (indices
  // into `series`). Fails naming the problem for: an empty series, open times not increasing,
  // a high under its low, non-finite level/leg prices, a leg index outside the
  // series, sizes outside 320..4096 x 200..4096, max_candles 0, or a zero price range.
  static Result<ChartLayout> compute(const data::CandleSeries& series,
                                     std::span<const fib::FibLevel> levels,
                                     const std::optional<fib::SwingLeg>& leg,
                                     const ChartOptions& options);

  int width_px() const { return width_; }
  int height_px() const { return height_; }
  // The title band at the top.
  const PixelRect& title() const { return title_; }
  // The candle panel: level lines span it; candles fill its left part up to label_left().
  const PixelRect& price_panel() const { return price_panel_; }
  // The volume panel under the price panel (zero height when volume is off).
  const PixelRect& volume_panel() const { return volume_panel_; }
  // The x where the level-label zone starts: no candle is drawn from here to the panel's right.
  int label_left() const { return label_left_; }

  // The first drawn row of the series and the number of drawn rows.
  std::size_t first_bar() const { return first_; }
  std::size_t bar_count() const { return count_; }
  // The width of one bar's slot and of a candle body, in pixels.
  double slot_px() const { return slot_; }
  int body_px() const { return body_; }
  // The x of the centre of bar `bar` (a series row index; may lie outside the drawn rows).
  double x_of_bar(double bar) const;
  // The left pixel column of bar `bar`'s body (its body covers [left, left + body_px())).
  int body_left(std::size_t bar) const;
  // The y of `price` on the price scale (larger prices higher up).
  double y_of_price(double price) const;
  // The pixel row a one-pixel horizontal line at `price` is drawn on.
  int row_of_price(double price) const;
  // The pixel row of the top (exclusive bottom) edge of a candle body between two prices.
  int body_top(double open, double close) const;
  int body_bottom(double open, double close) const;
  // The price range shown, bottom to top.
  double price_low() const { return price_low_; }
  double price_high() const { return price_high_; }
  // True when level i (of the levels given to compute) lies inside the shown price range.
  bool level_in_view(std::size_t i) const { return level_in_view_[i] != 0; }
  // Counts of the levels left off the chart above and below the shown range.
  std::size_t levels_above() const { return levels_above_; }
  std::size_t levels_below() const { return levels_below_; }

  // Price axis ticks (right of the price panel), bottom to top, with their grid rows.
  const std::vector<AxisTick>& price_ticks() const { return price_ticks_; }
  // Time axis ticks (under the lowest panel), UTC, left to right, with their grid columns.
  const std::vector<AxisTick>& time_ticks() const { return time_ticks_; }
  // Decimals used for prices in labels.
  int price_decimals() const { return price_decimals_; }
  // The timeframe named in the title ("" when unknown).
  const std::string& timeframe() const { return timeframe_; }
  // The largest volume among the drawn rows (as a double, 0 when none).
  double max_volume() const { return max_volume_; }

 private:
  ChartLayout() = default;

  int width_ = 0;
  int height_ = 0;
  PixelRect title_;
  PixelRect price_panel_;
  PixelRect volume_panel_;
  int label_left_ = 0;
  std::size_t first_ = 0;
  std::size_t count_ = 0;
  double slot_ = 1.0;
  int body_ = 1;
  double price_low_ = 0.0;
  double price_high_ = 0.0;
  std::vector<std::uint8_t> level_in_view_;
  std::size_t levels_above_ = 0;
  std::size_t levels_below_ = 0;
  std::vector<AxisTick> price_ticks_;
  std::vector<AxisTick> time_ticks_;
  int price_decimals_ = 2;
  std::string timeframe_;
  double max_volume_ = 0.0;
};

// Formats a price with `decimals` fraction digits and thousands separators: "64,123.45".
std::string format_price(double price, int decimals);

}  // namespace omega::chart
