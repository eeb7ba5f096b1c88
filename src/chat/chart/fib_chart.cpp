#include "chat/chart/fib_chart.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include <cairo.h>
#include <fmt/format.h>

#include "chat/chart/chart_layout.hpp"

namespace omega::chart {
namespace {

constexpr const char* kFontFamily = "DejaVu Sans";
constexpr std::size_t kMaxLegViewCandles = 1000;
constexpr double kLabelHeightPx = 12.0;  // rows a level label needs, descenders included

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct FontOptionsDeleter {
  void operator()(cairo_font_options_t* f) const { cairo_font_options_destroy(f); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;
using FontOptions = std::unique_ptr<cairo_font_options_t, FontOptionsDeleter>;

Error cairo_error(std::string_view what, cairo_status_t status) {
  return Error(ErrorCode::kInternal,
               fmt::format("chart: cairo failed {}: {}", what, cairo_status_to_string(status)));
}

void set_colour(cairo_t* cr, const Rgb& c, double alpha = 1.0) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

void fill_rect(cairo_t* cr, double x, double y, double w, double h, const Rgb& c,
               double alpha = 1.0) {
  set_colour(cr, c, alpha);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

// A one-pixel horizontal line covering exactly pixel row `row` from x0 to x1.
void hline(cairo_t* cr, int row, double x0, double x1, const Rgb& c) {
  fill_rect(cr, x0, row, x1 - x0, 1.0, c);
}

void vline(cairo_t* cr, int column, double y0, double y1, const Rgb& c) {
  fill_rect(cr, column, y0, 1.0, y1 - y0, c);
}

void font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

enum class Align : std::uint8_t { kLeft, kCentre, kRight };

// Draws `text` with its baseline at y; returns the advance.
double text(cairo_t* cr, const std::string& s, double x, double y, const Rgb& c,
            Align align = Align::kLeft) {
  const double w = text_width(cr, s);
  if (align == Align::kCentre) x -= w / 2.0;
  if (align == Align::kRight) x -= w;
  set_colour(cr, c);
  cairo_move_to(cr, std::round(x), std::round(y));
  cairo_show_text(cr, s.c_str());
  return w;
}

// "0.618", "0.5", "1", "4.236".
std::string ratio_text(double ratio) {
  std::string s = fmt::format("{:.3f}", ratio);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

struct Drawing {
  cairo_t* cr;
  const data::CandleSeries& series;
  std::span<const fib::FibLevel> levels;
  const std::optional<fib::SwingLeg>& leg;
  const ChartOptions& options;
  const ChartLayout& layout;
  double scale;  // raw price units per price

  double price(std::int64_t raw) const { return static_cast<double>(raw) / scale; }
  const ChartTheme& theme() const { return options.theme; }

  void grid() const {
    const PixelRect& p = layout.price_panel();
    const PixelRect& v = layout.volume_panel();
    for (const AxisTick& t : layout.price_ticks())
      hline(cr, t.pixel, p.left, p.right, theme().grid);
    for (const AxisTick& t : layout.time_ticks()) {
      vline(cr, t.pixel, p.top, p.bottom, theme().grid);
      if (v.height() > 0) vline(cr, t.pixel, v.top, v.bottom, theme().grid);
    }
    // Panel edges next to the price axis and above the volume panel.
    vline(cr, p.right, p.top, v.height() > 0 ? v.bottom : p.bottom, theme().grid);
    if (v.height() > 0) hline(cr, v.top - 1, v.left, v.right, theme().grid);
  }

  void golden_pocket() const {
    if (!options.golden_pocket || !leg) return;
    const fib::PriceZone zone = fib::golden_pocket(*leg);
    const PixelRect& p = layout.price_panel();
    const double top = std::clamp(layout.y_of_price(zone.high), double(p.top), double(p.bottom));
    const double bottom = std::clamp(layout.y_of_price(zone.low), double(p.top), double(p.bottom));
    if (bottom > top) {
      fill_rect(cr, p.left, top, p.width(), bottom - top, theme().pocket, theme().pocket_alpha);
    }
  }

  void level_lines() const {
    const PixelRect& p = layout.price_panel();
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (!layout.level_in_view(i)) continue;
      hline(cr, layout.row_of_price(levels[i].price), p.left, p.right,
            theme().level_colour(levels[i]));
    }
  }

  void volume() const {
    const PixelRect& v = layout.volume_panel();
    if (v.height() <= 0 || layout.max_volume() <= 0.0) return;
    const double vscale = std::pow(10.0, series.volume_precision());
    const auto vols = series.volume_raw();
    const auto opens = series.open_raw();
    const auto closes = series.close_raw();
    for (std::size_t i = layout.first_bar(); i < series.size(); ++i) {
      const double share = static_cast<double>(vols[i]) / vscale / layout.max_volume();
      const double h = std::max(share * (v.height() - 2), 0.0);
      const Rgb& c = closes[i] >= opens[i] ? theme().up : theme().down;
      fill_rect(cr, layout.body_left(i), v.bottom - h, layout.body_px(), h, c,
                theme().volume_alpha);
    }
  }

  void candles() const {
    const auto opens = series.open_raw();
    const auto highs = series.high_raw();
    const auto lows = series.low_raw();
    const auto closes = series.close_raw();
    const int body = layout.body_px();
    for (std::size_t i = layout.first_bar(); i < series.size(); ++i) {
      const double o = price(opens[i]);
      const double c = price(closes[i]);
      const Rgb& colour = closes[i] >= opens[i] ? theme().up : theme().down;
      const int left = layout.body_left(i);
      const double wick_top = std::floor(layout.y_of_price(price(highs[i])));
      const double wick_bottom = std::ceil(layout.y_of_price(price(lows[i])));
      vline(cr, left + body / 2, wick_top, std::max(wick_bottom, wick_top + 1.0), colour);
      const int top = layout.body_top(o, c);
      const int bottom = layout.body_bottom(o, c);
      fill_rect(cr, left, top, body, bottom - top, colour);
    }
  }

  void swing_leg() const {
    if (!leg) return;
    const PixelRect& p = layout.price_panel();
    cairo_save(cr);
    cairo_rectangle(cr, p.left, p.top, layout.label_left() - p.left, p.height());
    cairo_clip(cr);
    const double x0 = layout.x_of_bar(static_cast<double>(leg->from.pivot_index));
    const double y0 = layout.y_of_price(leg->from.price);
    const double x1 = layout.x_of_bar(static_cast<double>(leg->to.pivot_index));
    const double y1 = layout.y_of_price(leg->to.price);
    set_colour(cr, theme().leg);
    cairo_set_line_width(cr, 2.5);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    for (const auto& [x, y] : {std::pair{x0, y0}, std::pair{x1, y1}}) {
      cairo_arc(cr, x, y, 4.5, 0.0, 2.0 * std::numbers::pi);
      cairo_fill(cr);
    }
    // "A" and "B" beside the leg's ends, on the side away from the move.
    font(cr, 12.0, true);
    const bool up = leg->up();
    text(cr, "A", x0, up ? y0 + 18.0 : y0 - 9.0, theme().leg, Align::kCentre);
    text(cr, "B", x1, up ? y1 - 9.0 : y1 + 18.0, theme().leg, Align::kCentre);
    cairo_restore(cr);
  }

  void level_labels() const {
    const PixelRect& p = layout.price_panel();
    font(cr, 11.0);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (layout.level_in_view(i)) order.push_back(i);
    }
    // Top to bottom.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return levels[a].price > levels[b].price;
    });
    // A label sits above its line, or below it when the label above is in the way; when neither
    // fits it is left out (its line stays).
    double taken_until = -1e9;  // the lowest row used by a label so far
    const double room = p.right - layout.label_left() - 16.0;
    for (const std::size_t i : order) {
      const fib::FibLevel& l = levels[i];
      const int row = layout.row_of_price(l.price);
      // Inverse extensions (beyond A) are marked, as their ratios repeat the extensions'.
      const std::string suffix = l.kind == fib::LevelKind::kInverseExtension ? " inv" : "";
      const std::string s = fmt::format("{}{}  {}", ratio_text(l.ratio), suffix,
                                        format_price(l.price, layout.price_decimals()));
      if (text_width(cr, s) > room) continue;
      double baseline = 0.0;
      if (row - kLabelHeightPx > taken_until && row - kLabelHeightPx >= p.top) {
        baseline = row - 3.0;
      } else if (row + 2.0 > taken_until && row + 2.0 + kLabelHeightPx <= p.bottom) {
        baseline = row + 2.0 + kLabelHeightPx - 3.0;
      } else {
        continue;
      }
      text(cr, s, p.right - 4.0, baseline, theme().level_colour(l), Align::kRight);
      taken_until = baseline + 3.0;
    }
  }

  void price_axis() const {
    const PixelRect& p = layout.price_panel();
    font(cr, 11.0);
    for (const AxisTick& t : layout.price_ticks()) {
      if (t.pixel < p.top + 6 || t.pixel > p.bottom - 6) continue;
      text(cr, t.text, p.right + 6.0, t.pixel + 4.0, theme().muted_text);
    }
    // The last close as a tag on the axis.
    const std::size_t last = series.size() - 1;
    const double close = price(series.close_raw()[last]);
    const Rgb& c = series.close_raw()[last] >= series.open_raw()[last] ? theme().up : theme().down;
    const int row = layout.row_of_price(close);
    const std::string s = format_price(close, layout.price_decimals());
    const double w = text_width(cr, s) + 8.0;
    fill_rect(cr, p.right + 1.0, row - 8.0, std::min(w, layout.width_px() - p.right - 1.0), 16.0,
              c);
    text(cr, s, p.right + 5.0, row + 4.0, theme().background);
  }

  void time_axis() const {
    const PixelRect& v = layout.volume_panel();
    const PixelRect& p = layout.price_panel();
    const double baseline = std::max(v.bottom, p.bottom) + 17.0;
    font(cr, 11.0);
    for (const AxisTick& t : layout.time_ticks()) {
      text(cr, t.text, t.pixel, baseline, theme().muted_text, Align::kCentre);
    }
    text(cr, "UTC", p.right + 6.0, baseline, theme().muted_text);
    if (v.height() > 0) {
      text(cr, "Vol", v.left + 4.0, v.top + 12.0, theme().muted_text);
    }
  }

  void title() const {
    const std::size_t last = series.size() - 1;
    const double close = price(series.close_raw()[last]);
    const double prev = last > 0 ? price(series.close_raw()[last - 1]) : close;
    std::string head = options.symbol.empty() ? std::string("chart") : options.symbol;
    if (!layout.timeframe().empty()) head += " · " + layout.timeframe();
    font(cr, 18.0, true);
    double x = 12.0;
    x += text(cr, head, x, 24.0, theme().text) + 16.0;
    font(cr, 14.0);
    const std::string change =
        prev > 0.0 ? fmt::format(" ({:+.2f}%)", (close / prev - 1.0) * 100.0) : std::string();
    x += text(cr, "last close ", x, 24.0, theme().muted_text);
    text(cr, format_price(close, layout.price_decimals()) + change, x, 24.0,
         close >= prev ? theme().up : theme().down);
    font(cr, 12.0);
    if (!options.subtitle.empty()) text(cr, options.subtitle, 12.0, 43.0, theme().muted_text);
    std::string off;
    if (layout.levels_above() > 0 || layout.levels_below() > 0) {
      off = fmt::format("levels off chart: {} above, {} below", layout.levels_above(),
                        layout.levels_below());
      text(cr, off, layout.width_px() - 12.0, 43.0, theme().muted_text, Align::kRight);
    }
    text(cr, "Fibonacci levels", layout.width_px() - 12.0, 24.0, theme().muted_text, Align::kRight);
  }
};

}  // namespace

Rgb ChartTheme::level_colour(const fib::FibLevel& level) const {
  struct Entry {
    double ratio;
    Rgb colour;
  };
  static constexpr Entry kColours[] = {
      {0.0, {0x9e, 0x9e, 0x9e}},   {0.236, {0xf2, 0x36, 0x45}}, {0.382, {0xff, 0x98, 0x00}},
      {0.5, {0x4c, 0xaf, 0x50}},   {0.618, {0xf0, 0xb9, 0x0b}}, {0.65, {0xf0, 0xb9, 0x0b}},
      {0.786, {0x00, 0xbc, 0xd4}}, {1.0, {0x9e, 0x9e, 0x9e}},   {1.272, {0xab, 0x47, 0xbc}},
      {1.414, {0x7e, 0x57, 0xc2}}, {1.618, {0xff, 0xd5, 0x4f}}, {2.0, {0x42, 0xa5, 0xf5}},
      {2.618, {0xec, 0x40, 0x7a}}, {3.618, {0xa1, 0x88, 0x7f}}, {4.236, {0x78, 0x90, 0x9c}},
  };
  for (const Entry& e : kColours) {
    if (std::abs(e.ratio - level.ratio) < 1e-9) return e.colour;
  }
  return {0xb0, 0xbe, 0xc5};
}

Result<std::vector<std::byte>> render_fib_chart(const data::CandleSeries& series,
                                                std::span<const fib::FibLevel> levels,
                                                const std::optional<fib::SwingLeg>& leg,
                                                const ChartOptions& options) {
  OMEGA_ASSIGN_OR_RETURN(const ChartLayout layout,
                         ChartLayout::compute(series, levels, leg, options));
  // RGB24: the image is opaque, so the PNG carries no alpha channel.
  Surface surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, options.width_px, options.height_px));
  if (const auto st = cairo_surface_status(surface.get()); st != CAIRO_STATUS_SUCCESS) {
    return cairo_error("creating the image", st);
  }
  Context context(cairo_create(surface.get()));
  cairo_t* cr = context.get();
  // Fixed font rendering, independent of the desktop's settings, for repeatable bytes.
  FontOptions fo(cairo_font_options_create());
  cairo_font_options_set_antialias(fo.get(), CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(fo.get(), CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics(fo.get(), CAIRO_HINT_METRICS_ON);
  cairo_set_font_options(cr, fo.get());

  const Drawing d{
      cr, series, levels, leg, options, layout, std::pow(10.0, series.price_precision())};
  fill_rect(cr, 0, 0, options.width_px, options.height_px, options.theme.background);
  d.grid();
  d.golden_pocket();
  d.level_lines();
  d.volume();
  d.candles();
  d.swing_leg();
  d.level_labels();
  d.price_axis();
  d.time_axis();
  d.title();
  if (const auto st = cairo_status(cr); st != CAIRO_STATUS_SUCCESS) {
    return cairo_error("drawing", st);
  }
  cairo_surface_flush(surface.get());

  std::vector<std::byte> png;
  png.reserve(static_cast<std::size_t>(options.width_px) * options.height_px / 8);
  const auto write = [](void* closure, const unsigned char* data,
                        unsigned int length) -> cairo_status_t {
    auto* out = static_cast<std::vector<std::byte>*>(closure);
    const auto* bytes = reinterpret_cast<const std::byte*>(data);
    out->insert(out->end(), bytes, bytes + length);
    return CAIRO_STATUS_SUCCESS;
  };
  if (const auto st = cairo_surface_write_to_png_stream(surface.get(), write, &png);
      st != CAIRO_STATUS_SUCCESS) {
    return cairo_error("encoding the PNG", st);
  }
  return png;
}

Result<LastLegChart> render_leg_chart(const data::CandleSeries& series, const fib::SwingLeg& leg,
                                      std::vector<fib::FibLevel> levels, ChartOptions options) {
  LastLegChart out;
  out.leg = leg;
  out.levels = std::move(levels);
  const std::size_t n = series.size();
  if (leg.from.pivot_index < n) {
    const std::size_t leg_bars = n - leg.from.pivot_index + 5;
    if (leg_bars > options.max_candles) {
      options.max_candles = std::min({leg_bars, kMaxLegViewCandles, n});
    }
  }
  if (options.subtitle.empty()) {
    const int decimals = std::clamp(series.price_precision(), 0, 8);
    options.subtitle =
        fmt::format("last leg {} {} → {}", leg.up() ? "up" : "down",
                    format_price(leg.from.price, decimals), format_price(leg.to.price, decimals));
  }
  OMEGA_ASSIGN_OR_RETURN(out.png, render_fib_chart(series, out.levels, out.leg, options));
  out.options = std::move(options);
  return out;
}

Result<LastLegChart> render_last_leg_chart(const data::CandleSeries& series,
                                           const fib::SwingSpec& spec, const fib::RatioSet& ratios,
                                           ChartOptions options, fib::ExtensionSide side) {
  if (series.empty()) {
    return Error(ErrorCode::kInvalidArgument, "chart: the candle series is empty: nothing to draw");
  }
  const auto high = series.to_doubles(data::Column::kHigh);
  const auto low = series.to_doubles(data::Column::kLow);
  const auto close = series.to_doubles(data::Column::kClose);
  const auto swings = fib::detect_swings(spec, high, low, close);
  const auto legs = fib::swing_legs(swings);
  if (legs.empty()) {
    return Error(ErrorCode::kNotFound,
                 fmt::format("chart: no complete swing leg with {} in {} candles", spec.to_string(),
                             series.size()));
  }
  const fib::SwingLeg& leg = legs.back();
  if (options.subtitle.empty()) {
    const int decimals = std::clamp(series.price_precision(), 0, 8);
    options.subtitle =
        fmt::format("{} · last leg {} {} → {}", spec.to_string(), leg.up() ? "up" : "down",
                    format_price(leg.from.price, decimals), format_price(leg.to.price, decimals));
  }
  return render_leg_chart(series, leg, fib::fib_levels(leg, ratios, side), std::move(options));
}

std::string chart_file_name(std::string_view symbol, std::string_view timeframe) {
  std::string name = "fib_";
  const auto add = [&name](std::string_view part) {
    for (const char c : part) {
      const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      name += keep ? c : '-';
    }
  };
  add(symbol.empty() ? std::string_view("chart") : symbol);
  if (!timeframe.empty()) {
    name += '_';
    add(timeframe);
  }
  return name + ".png";
}

}  // namespace omega::chart
