// Renders charts, decodes the PNG back with Cairo and checks the pixels where the layout says
// the levels, candles and background are.
#include "chat/chart/fib_chart.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <set>

#include <cairo.h>
#include <gtest/gtest.h>

#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "chat/chart/chart_layout.hpp"
#include "data/candle_reader.hpp"

namespace omega::chart {
namespace {

constexpr std::int64_t kHourNs = 3'600'000'000'000;
constexpr std::int64_t kJan1st2024Ns = 1'704'067'200'000'000'000;  // 2024-01-01T00:00:00Z

// A decoded PNG: RGB pixels as 0xRRGGBB.
class Image {
 public:
  static Image decode(const std::vector<std::byte>& png) {
    struct Reader {
      const std::vector<std::byte>* bytes;
      std::size_t at = 0;
    } reader{&png};
    const auto read = [](void* closure, unsigned char* data, unsigned int length) {
      auto* r = static_cast<Reader*>(closure);
      if (r->at + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
      std::memcpy(data, r->bytes->data() + r->at, length);
      r->at += length;
      return CAIRO_STATUS_SUCCESS;
    };
    Image img;
    img.surface_.reset(cairo_image_surface_create_from_png_stream(read, &reader));
    return img;
  }

  bool ok() const { return cairo_surface_status(surface_.get()) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface_.get()); }
  int height() const { return cairo_image_surface_get_height(surface_.get()); }
  std::uint32_t at(int x, int y) const {
    const unsigned char* data = cairo_image_surface_get_data(surface_.get());
    const int stride = cairo_image_surface_get_stride(surface_.get());
    std::uint32_t px = 0;
    std::memcpy(&px, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
    return px & 0xffffffU;
  }

 private:
  struct Deleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
  };
  std::unique_ptr<cairo_surface_t, Deleter> surface_;
};

std::string hex(std::uint32_t rgb) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06x", rgb);
  return buf;
}

// Hourly bars from 2024-01-01 at precision 2: a rise from 100 to 200 over `rise` bars, then a
// fall to 150 over `fall` bars, each bar's body 60% of a step, alternating wicks.
data::CandleSeries rise_and_fall(std::size_t rise, std::size_t fall) {
  data::CandleSeries s(2, 3);
  double price = 100.0;
  const auto add = [&](double next, std::size_t i) {
    const double o = price;
    const double c = next;
    const double hi = std::max(o, c) + 0.3;
    const double lo = std::min(o, c) - 0.3;
    s.push_back_raw(kJan1st2024Ns + static_cast<std::int64_t>(i) * kHourNs, std::llround(o * 100),
                    std::llround(hi * 100), std::llround(lo * 100), std::llround(c * 100),
                    static_cast<std::int64_t>(1000 + 37 * (i % 11)));
    price = next;
  };
  const auto d = [](std::size_t v) { return static_cast<double>(v); };
  std::size_t i = 0;
  for (std::size_t k = 0; k < rise; ++k, ++i) add(100.0 + 100.0 * d(k + 1) / d(rise), i);
  for (std::size_t k = 0; k < fall; ++k, ++i) add(200.0 - 50.0 * d(k + 1) / d(fall), i);
  return s;
}

fib::SwingLeg leg_of(std::size_t from, double from_price, std::size_t to, double to_price) {
  fib::SwingLeg leg;
  leg.from = {from, from, from_price,
              from_price < to_price ? fib::SwingKind::kLow : fib::SwingKind::kHigh};
  leg.to = {to, to, to_price, from_price < to_price ? fib::SwingKind::kHigh : fib::SwingKind::kLow};
  return leg;
}

data::CandleSeries bundled_btc_1h(std::size_t rows) {
  auto read = data::read_candles(std::filesystem::path(OMEGA_DATA_DIR) / "market" /
                                 "binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
  EXPECT_TRUE(read.ok()) << read.error().to_string();
  const data::CandleSeries& all = read->series;
  std::vector<std::size_t> idx;
  for (std::size_t i = all.size() - rows; i < all.size(); ++i) idx.push_back(i);
  return all.gather(idx);
}

// Checks the pixel of every in-view level whose row no other in-view level shares, in the label
// zone's empty left edge; returns how many were checked.
int expect_level_rows(const Image& img, const ChartLayout& layout,
                      std::span<const fib::FibLevel> levels, const ChartTheme& theme) {
  std::multiset<int> rows;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (layout.level_in_view(i)) rows.insert(layout.row_of_price(levels[i].price));
  }
  int checked = 0;
  const int x = layout.label_left() + 10;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (!layout.level_in_view(i)) continue;
    const int row = layout.row_of_price(levels[i].price);
    if (rows.count(row) + rows.count(row - 1) + rows.count(row + 1) != 1) continue;
    EXPECT_EQ(hex(img.at(x, row)), hex(theme.level_colour(levels[i]).rgb()))
        << "level " << i << " ratio " << levels[i].ratio << " at row " << row;
    // A level line is one pixel thick: the rows beside it are not its colour.
    EXPECT_NE(img.at(x, row - 2), theme.level_colour(levels[i]).rgb())
        << "ratio " << levels[i].ratio;
    ++checked;
  }
  return checked;
}

TEST(FibChart, BundledBtcChartHasEveryLevelOnItsRow) {
  const data::CandleSeries series = bundled_btc_1h(600);
  ChartOptions options;
  options.symbol = "BTC/USDT";
  auto spec = fib::parse_swing_spec("zigzag:5%");
  ASSERT_TRUE(spec.ok());
  auto chart = render_last_leg_chart(series, *spec, fib::RatioSet::standard(), options);
  ASSERT_TRUE(chart.ok()) << chart.error().to_string();

  // The levels are the ones `omega fib` prints: the last leg's, both extension sides.
  const auto h = series.to_doubles(data::Column::kHigh);
  const auto l = series.to_doubles(data::Column::kLow);
  const auto c = series.to_doubles(data::Column::kClose);
  const auto legs = fib::swing_legs(fib::detect_swings(*spec, h, l, c));
  ASSERT_FALSE(legs.empty());
  EXPECT_EQ(chart->leg.from, legs.back().from);
  EXPECT_EQ(chart->leg.to, legs.back().to);
  const auto expected = fib::fib_levels(legs.back(), fib::RatioSet::standard());
  ASSERT_EQ(chart->levels.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(chart->levels[i].price, expected[i].price);
  }

  const Image img = Image::decode(chart->png);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img.width(), 1200);
  EXPECT_EQ(img.height(), 675);
  auto layout = ChartLayout::compute(series, chart->levels, chart->leg, chart->options);
  ASSERT_TRUE(layout.ok());
  EXPECT_GE(layout->bar_count(), 200U);
  EXPECT_GE(expect_level_rows(img, *layout, chart->levels, options.theme), 6);
  EXPECT_EQ(img.at(2, 2), options.theme.background.rgb());
}

struct Synthetic {
  data::CandleSeries series = rise_and_fall(40, 20);
  fib::SwingLeg leg = leg_of(0, 99.7, 39, 200.3);
  std::vector<fib::FibLevel> levels =
      fib::fib_levels(leg, fib::RatioSet::standard(), fib::ExtensionSide::kBeyondEnd);
  ChartOptions options;
};

TEST(FibChart, CandleBodiesHaveTheUpAndDownColours) {
  Synthetic s;
  auto png = render_fib_chart(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(png.ok()) << png.error().to_string();
  const Image img = Image::decode(*png);
  ASSERT_TRUE(img.ok());
  auto layout = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(layout.ok());
  ASSERT_GE(layout->body_px(), 5);
  // Bars after the leg's end (39) are falling: down colour at the body's centre.
  for (const std::size_t bar : {45U, 50U, 58U}) {
    const double o = s.series.open(bar).to_double();
    const double c = s.series.close(bar).to_double();
    ASSERT_LT(c, o);
    const int x = layout->body_left(bar) + layout->body_px() / 2 - 1;
    const int y = (layout->body_top(o, c) + layout->body_bottom(o, c)) / 2;
    EXPECT_EQ(hex(img.at(x, y)), hex(s.options.theme.down.rgb())) << "bar " << bar;
  }
  // A leg-free chart of the rising part: up colour.
  auto rising = render_fib_chart(s.series, {}, std::nullopt, s.options);
  ASSERT_TRUE(rising.ok());
  const Image up_img = Image::decode(*rising);
  auto up_layout = ChartLayout::compute(s.series, {}, std::nullopt, s.options);
  ASSERT_TRUE(up_layout.ok());
  for (const std::size_t bar : {5U, 20U, 35U}) {
    const double o = s.series.open(bar).to_double();
    const double c = s.series.close(bar).to_double();
    ASSERT_GT(c, o);
    const int x = up_layout->body_left(bar) + 1;
    const int y = (up_layout->body_top(o, c) + up_layout->body_bottom(o, c)) / 2;
    EXPECT_EQ(hex(up_img.at(x, y)), hex(s.options.theme.up.rgb())) << "bar " << bar;
  }
}

TEST(FibChart, LevelsAreLinesOfTheirColourAndTheRestIsBackground) {
  Synthetic s;
  auto png = render_fib_chart(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(png.ok());
  const Image img = Image::decode(*png);
  auto layout = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(layout.ok());
  // The eight retracements and the 1.272 extension are in view; the further extensions are not.
  EXPECT_EQ(expect_level_rows(img, *layout, s.levels, s.options.theme), 9);
  EXPECT_EQ(layout->levels_above(), 6U);

  // Between two candles after the leg, on rows that hold no level, tick or golden pocket, the
  // panel shows the background.
  const fib::PriceZone pocket = fib::golden_pocket(s.leg);
  std::set<int> busy;
  for (std::size_t i = 0; i < s.levels.size(); ++i)
    busy.insert(layout->row_of_price(s.levels[i].price));
  for (const AxisTick& t : layout->price_ticks()) busy.insert(t.pixel);
  std::set<int> tick_columns;
  for (const AxisTick& t : layout->time_ticks()) tick_columns.insert(t.pixel);
  const int x = layout->body_left(50) + layout->body_px() + 1;
  ASSERT_LT(x, layout->body_left(51));
  ASSERT_EQ(tick_columns.count(x), 0U);
  const PixelRect& panel = layout->price_panel();
  int checked = 0;
  for (int y = panel.top + 20; y < panel.bottom - 2; y += 7) {
    if (busy.count(y) != 0 ||
        (y >= layout->row_of_price(pocket.high) - 1 && y <= layout->row_of_price(pocket.low) + 1)) {
      continue;
    }
    EXPECT_EQ(hex(img.at(x, y)), hex(s.options.theme.background.rgb())) << "row " << y;
    ++checked;
  }
  EXPECT_GT(checked, 20);
  // The golden pocket is shaded: neither background nor a line colour between its edges.
  const int mid = (layout->row_of_price(pocket.high) + layout->row_of_price(pocket.low)) / 2;
  ASSERT_EQ(busy.count(mid), 0U);
  EXPECT_NE(img.at(x, mid), s.options.theme.background.rgb());
}

TEST(FibChart, TheSameInputGivesTheSameBytes) {
  Synthetic s;
  auto a = render_fib_chart(s.series, s.levels, s.leg, s.options);
  auto b = render_fib_chart(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  ASSERT_GT(a->size(), 8U);
  const unsigned char signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  EXPECT_EQ(std::memcmp(a->data(), signature, 8), 0);
}

TEST(FibChart, SizeAndVolumeOptionsShapeTheImage) {
  Synthetic s;
  s.options.width_px = 800;
  s.options.height_px = 450;
  s.options.volume = false;
  auto png = render_fib_chart(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(png.ok());
  const Image img = Image::decode(*png);
  EXPECT_EQ(img.width(), 800);
  EXPECT_EQ(img.height(), 450);
  auto layout = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->volume_panel().height(), 0);
  EXPECT_EQ(expect_level_rows(img, *layout, s.levels, s.options.theme), 9);

  s.options.volume = true;
  auto with_volume = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(with_volume.ok());
  EXPECT_GT(with_volume->volume_panel().height(), 40);
  EXPECT_LT(with_volume->price_panel().bottom, with_volume->volume_panel().top);
}

TEST(FibChart, TimeAxisIsLabelledInUtc) {
  const data::CandleSeries series = rise_and_fall(120, 80);  // 200 hourly bars from Jan 1st
  auto layout = ChartLayout::compute(series, {}, std::nullopt, ChartOptions{});
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->timeframe(), "1h");
  ASSERT_GE(layout->time_ticks().size(), 8U);
  EXPECT_EQ(layout->time_ticks()[0].text, "Jan 1");
  EXPECT_EQ(layout->time_ticks()[1].text, "Jan 2");
  EXPECT_EQ(layout->time_ticks()[1].pixel, static_cast<int>(std::floor(layout->x_of_bar(24))));
}

TEST(FibChart, FarLevelsStayOffTheChartAndAreCounted) {
  Synthetic s;
  auto before = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(before.ok());
  s.levels.push_back({9.0, 1000.0, fib::LevelKind::kExtension});
  auto layout = ChartLayout::compute(s.series, s.levels, s.leg, s.options);
  ASSERT_TRUE(layout.ok());
  EXPECT_FALSE(layout->level_in_view(s.levels.size() - 1));
  EXPECT_EQ(layout->levels_above(), before->levels_above() + 1);
  EXPECT_EQ(layout->price_high(), before->price_high());
  EXPECT_LT(layout->price_high(), 300.0);
  EXPECT_TRUE(render_fib_chart(s.series, s.levels, s.leg, s.options).ok());
}

TEST(FibChart, NegativeLevelsOfABigLegStayBelowTheChart) {
  // Up from 10 to 200: the 4.236 inverse extension lies at 200 - 190 x 4.236 < 0.
  data::CandleSeries series = rise_and_fall(40, 20);
  const fib::SwingLeg leg = leg_of(0, 10.0, 39, 200.3);
  const auto levels = fib::fib_levels(leg, fib::RatioSet::standard());
  ASSERT_LT(levels.back().price, 0.0);
  auto layout = ChartLayout::compute(series, levels, leg, ChartOptions{});
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  EXPECT_GE(layout->price_low(), 0.0);
  EXPECT_FALSE(layout->level_in_view(levels.size() - 1));
  EXPECT_GE(layout->levels_below(), 1U);
  EXPECT_TRUE(render_fib_chart(series, levels, leg, ChartOptions{}).ok());
}

TEST(FibChart, BadInputIsAClearError) {
  Synthetic s;
  const auto error_of = [](const Result<std::vector<std::byte>>& r) {
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().to_string();
  };
  EXPECT_NE(error_of(render_fib_chart(data::CandleSeries(2, 3), s.levels, std::nullopt, s.options))
                .find("empty"),
            std::string::npos);

  data::CandleSeries flat(2, 0);
  for (int i = 0; i < 10; ++i)
    flat.push_back_raw(kJan1st2024Ns + i * kHourNs, 500, 500, 500, 500, 1);
  EXPECT_NE(error_of(render_fib_chart(flat, {}, std::nullopt, s.options)).find("zero price range"),
            std::string::npos);

  auto nan_levels = s.levels;
  nan_levels[2].price = std::numeric_limits<double>::quiet_NaN();
  const std::string nan_error = error_of(render_fib_chart(s.series, nan_levels, s.leg, s.options));
  EXPECT_NE(nan_error.find("level 2"), std::string::npos) << nan_error;
  EXPECT_NE(nan_error.find("nan"), std::string::npos) << nan_error;

  auto nan_leg = s.leg;
  nan_leg.to.price = std::numeric_limits<double>::infinity();
  EXPECT_NE(error_of(render_fib_chart(s.series, s.levels, nan_leg, s.options)).find("leg"),
            std::string::npos);
  EXPECT_NE(error_of(render_fib_chart(s.series, s.levels, leg_of(0, 100, 600, 200), s.options))
                .find("outside the series"),
            std::string::npos);

  ChartOptions tiny = s.options;
  tiny.width_px = 10;
  EXPECT_NE(error_of(render_fib_chart(s.series, s.levels, s.leg, tiny)).find("10x675"),
            std::string::npos);
  ChartOptions none = s.options;
  none.max_candles = 0;
  EXPECT_FALSE(render_fib_chart(s.series, s.levels, s.leg, none).ok());

  data::CandleSeries inverted(2, 0);
  inverted.push_back_raw(kJan1st2024Ns, 100, 200, 50, 150, 1);
  inverted.push_back_raw(kJan1st2024Ns + kHourNs, 100, 50, 200, 150, 1);
  EXPECT_NE(error_of(render_fib_chart(inverted, {}, std::nullopt, s.options))
                .find("row 1 (2024-01-01T01:00:00Z) has its high below its low"),
            std::string::npos);

  data::CandleSeries backwards(2, 0);
  backwards.push_back_raw(kJan1st2024Ns + kHourNs, 100, 200, 50, 150, 1);
  backwards.push_back_raw(kJan1st2024Ns, 100, 200, 50, 150, 1);
  EXPECT_NE(error_of(render_fib_chart(backwards, {}, std::nullopt, s.options)).find("increase"),
            std::string::npos);

  auto no_leg = render_last_leg_chart(rise_and_fall(3, 0), *fib::parse_swing_spec("zigzag:50%"),
                                      fib::RatioSet::standard(), s.options);
  ASSERT_FALSE(no_leg.ok());
  EXPECT_EQ(no_leg.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(no_leg.error().message().find("zigzag:50%"), std::string::npos);
}

TEST(FibChart, FileNamesAndPricesAreReadable) {
  EXPECT_EQ(chart_file_name("BTC/USDT:USDT", "1h"), "fib_BTC-USDT-USDT_1h.png");
  EXPECT_EQ(chart_file_name("", ""), "fib_chart.png");
  EXPECT_EQ(format_price(64123.456, 2), "64,123.46");
  EXPECT_EQ(format_price(-1234567.5, 1), "-1,234,567.5");
  EXPECT_EQ(format_price(999.0, 0), "999");
  EXPECT_EQ(format_price(-0.001, 2), "0.00");
  EXPECT_EQ(format_price(std::nan(""), 2), "n/a");
}

}  // namespace
}  // namespace omega::chart
