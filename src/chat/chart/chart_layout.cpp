#include "chat/chart/chart_layout.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/time.hpp"

namespace omega::chart {
namespace {

constexpr int kTitleHeight = 52;
constexpr int kMarginLeft = 8;
constexpr int kPriceAxisWidth = 86;
constexpr int kTimeAxisHeight = 26;
constexpr int kVolumeGap = 6;
constexpr double kVolumeShare = 0.18;
constexpr int kLabelZoneWidth = 170;
constexpr int kCandleInset = 2;         // empty pixels at either end of the candle area
constexpr double kPricePadding = 0.04;  // of the shown range, above and below
constexpr double kMinTickSpacingPx = 56.0;
constexpr double kMinTimeLabelPx = 96.0;
constexpr int kMaxDecimals = 8;

double pow10(int e) {
  double v = 1.0;
  for (int i = 0; i < e; ++i) v *= 10.0;
  return v;
}

Error invalid(std::string message) {
  return Error(ErrorCode::kInvalidArgument, "chart: " + std::move(message));
}

// A time-axis step: a fixed number of seconds, or whole calendar months.
struct TimeStep {
  std::int64_t seconds = 0;
  int months = 0;
};

constexpr std::int64_t kDay = 86'400;
constexpr std::array<TimeStep, 20> kTimeSteps = {{
    {60, 0},       {120, 0},       {300, 0},   {600, 0},   {900, 0},   {1800, 0}, {3600, 0},
    {7200, 0},     {10800, 0},     {14400, 0}, {21600, 0}, {43200, 0}, {kDay, 0}, {2 * kDay, 0},
    {7 * kDay, 0}, {14 * kDay, 0}, {0, 1},     {0, 3},     {0, 6},     {0, 12},
}};

// Returns the bucket of a time for a step; a tick goes where the bucket changes.
std::int64_t bucket_of(std::int64_t seconds, const TimeStep& step) {
  if (step.months > 0) {
    const CivilDate d = civil_from_days(Timestamp::floor_div(seconds, kDay));
    const std::int64_t month_index = std::int64_t{d.year} * 12 + (d.month - 1);
    return Timestamp::floor_div(month_index, step.months);
  }
  // Weeks start on Monday: 1970-01-05 was the first Monday after the epoch.
  const std::int64_t shift = step.seconds % (7 * kDay) == 0 ? 4 * kDay : 0;
  return Timestamp::floor_div(seconds - shift, step.seconds);
}

constexpr std::array<const char*, 12> kMonthNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string time_label(std::int64_t seconds, const TimeStep& step) {
  const CivilTime t = to_civil(Timestamp::from_s(seconds));
  const char* month = kMonthNames[t.date.month - 1];
  if (step.months >= 12) return fmt::format("{}", t.date.year);
  if (step.months > 0) {
    return t.date.month == 1 ? fmt::format("{}", t.date.year)
                             : fmt::format("{} {}", month, t.date.year);
  }
  if (step.seconds >= kDay || (t.hour == 0 && t.minute == 0)) {
    return fmt::format("{} {}", month, t.date.day);
  }
  return fmt::format("{:02}:{:02}", t.hour, t.minute);
}

// Returns a step of 1, 2 or 5 x 10^k near `raw`.
double nice_step(double raw) {
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double unit = norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0;
  return unit * mag;
}

}  // namespace

std::string format_price(double price, int decimals) {
  if (!std::isfinite(price)) return "n/a";
  std::string s = fmt::format("{:.{}f}", price, std::clamp(decimals, 0, 18));
  // A negative value that rounds to zero prints as zero.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  const std::size_t sign = s.front() == '-' ? 1 : 0;
  std::size_t int_end = s.find('.');
  if (int_end == std::string::npos) int_end = s.size();
  for (std::size_t i = int_end; i > sign + 3; i -= 3) s.insert(i - 3, 1, ',');
  return s;
}

double ChartLayout::x_of_bar(double bar) const {
  return price_panel_.left + kCandleInset + (bar - static_cast<double>(first_) + 0.5) * slot_;
}

int ChartLayout::body_left(std::size_t bar) const {
  return static_cast<int>(std::lround(x_of_bar(static_cast<double>(bar)) - 0.5)) - body_ / 2;
}

double ChartLayout::y_of_price(double price) const {
  return price_panel_.top +
         (price_high_ - price) / (price_high_ - price_low_) * price_panel_.height();
}

int ChartLayout::row_of_price(double price) const {
  const int row = static_cast<int>(std::floor(y_of_price(price)));
  return std::clamp(row, price_panel_.top, price_panel_.bottom - 1);
}

int ChartLayout::body_top(double open, double close) const {
  return static_cast<int>(std::lround(y_of_price(std::max(open, close))));
}

int ChartLayout::body_bottom(double open, double close) const {
  const int bottom = static_cast<int>(std::lround(y_of_price(std::min(open, close))));
  return std::max(bottom, body_top(open, close) + 1);
}

Result<ChartLayout> ChartLayout::compute(const data::CandleSeries& series,
                                         std::span<const fib::FibLevel> levels,
                                         const std::optional<fib::SwingLeg>& leg,
                                         const ChartOptions& options) {
  if (options.width_px < 320 || options.width_px > 4096 || options.height_px < 200 ||
      options.height_px > 4096) {
    return invalid(fmt::format("image size {}x{} is outside 320..4096 x 200..4096 pixels",
                               options.width_px, options.height_px));
  }
  if (options.max_candles == 0) return invalid("max_candles must be at least 1");
  if (!std::isfinite(options.level_reach) || options.level_reach < 0.0) {
    return invalid("level_reach must be a finite number >= 0");
  }
  if (series.empty()) return invalid("the candle series is empty: nothing to draw");
  const std::size_t n = series.size();
  for (std::size_t i = 0; i < levels.size(); ++i) {
    // A negative price is a level, only off the chart (deep inverse extensions of a big leg).
    if (!std::isfinite(levels[i].price) || !std::isfinite(levels[i].ratio)) {
      return invalid(fmt::format("level {} (ratio {}) has price {}: levels must be finite", i,
                                 levels[i].ratio, levels[i].price));
    }
  }
  if (leg) {
    for (const fib::Swing* s : {&leg->from, &leg->to}) {
      if (s->pivot_index >= n) {
        return invalid(
            fmt::format("the swing leg's pivot index {} is outside the series of {} "
                        "candles",
                        s->pivot_index, n));
      }
      if (!std::isfinite(s->price)) {
        return invalid(fmt::format("the swing leg's price {} is not a finite price", s->price));
      }
    }
  }

  ChartLayout out;
  out.width_ = options.width_px;
  out.height_ = options.height_px;
  out.count_ = std::min(options.max_candles, n);
  out.first_ = n - out.count_;
  const std::size_t end = n;

  const double scale = pow10(series.price_precision());
  const auto times = series.open_time_ns();
  const auto highs = series.high_raw();
  const auto lows = series.low_raw();
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (std::size_t i = out.first_; i < end; ++i) {
    if (i > out.first_ && times[i] <= times[i - 1]) {
      return invalid(fmt::format("open times must increase: row {} ({}) is not after row {} ({})",
                                 i, format_iso8601(Timestamp(times[i])), i - 1,
                                 format_iso8601(Timestamp(times[i - 1]))));
    }
    if (highs[i] < lows[i]) {
      return invalid(fmt::format("row {} ({}) has its high below its low", i,
                                 format_iso8601(Timestamp(times[i]))));
    }
    lo = std::min(lo, static_cast<double>(lows[i]) / scale);
    hi = std::max(hi, static_cast<double>(highs[i]) / scale);
  }
  if (leg) {
    for (const fib::Swing* s : {&leg->from, &leg->to}) {
      if (s->pivot_index >= out.first_) {
        lo = std::min(lo, s->price);
        hi = std::max(hi, s->price);
      }
    }
  }
  const double reach = (hi - lo) * options.level_reach;
  double view_lo = lo;
  double view_hi = hi;
  for (const fib::FibLevel& l : levels) {
    if (l.price >= lo - reach && l.price <= hi + reach) {
      view_lo = std::min(view_lo, l.price);
      view_hi = std::max(view_hi, l.price);
    }
  }
  if (!(view_hi > view_lo)) {
    return invalid(fmt::format("zero price range: every price in the last {} candles is {}",
                               out.count_, view_lo));
  }
  const double pad = (view_hi - view_lo) * kPricePadding;
  out.price_low_ = std::max(0.0, view_lo - pad);
  out.price_high_ = view_hi + pad;
  out.level_in_view_.resize(levels.size());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const double p = levels[i].price;
    const bool in = p >= out.price_low_ && p <= out.price_high_;
    out.level_in_view_[i] = in ? 1 : 0;
    if (!in) ++(p > out.price_high_ ? out.levels_above_ : out.levels_below_);
  }

  // Panels.
  const int w = options.width_px;
  const int h = options.height_px;
  out.title_ = {0, 0, w, kTitleHeight};
  const int plot_bottom = h - kTimeAxisHeight;
  const int plot_right = w - kPriceAxisWidth;
  int price_bottom = plot_bottom;
  if (options.volume) {
    const int vol_h = static_cast<int>(std::lround((plot_bottom - kTitleHeight) * kVolumeShare));
    out.volume_panel_ = {kMarginLeft, plot_bottom - vol_h, plot_right, plot_bottom};
    price_bottom = plot_bottom - vol_h - kVolumeGap;
  } else {
    out.volume_panel_ = {kMarginLeft, plot_bottom, plot_right, plot_bottom};
  }
  out.price_panel_ = {kMarginLeft, kTitleHeight, plot_right, price_bottom};
  const int zone = std::min(kLabelZoneWidth, out.price_panel_.width() / 4);
  out.label_left_ = plot_right - zone;
  const double candle_width = out.label_left_ - out.price_panel_.left - 2.0 * kCandleInset;
  out.slot_ = candle_width / static_cast<double>(out.count_);
  int body = std::clamp(static_cast<int>(std::floor(out.slot_ * 0.7)), 1, 15);
  if (body >= 3 && body % 2 == 0) --body;  // odd, so the wick sits in the middle
  out.body_ = body;

  // Price ticks: a 1-2-5 step giving ticks about kMinTickSpacingPx apart.
  const double range = out.price_high_ - out.price_low_;
  const double wanted = std::max(2.0, out.price_panel_.height() / kMinTickSpacingPx);
  const double step = nice_step(range / wanted);
  const int tick_decimals =
      std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, kMaxDecimals);
  out.price_decimals_ = std::clamp(series.price_precision(), 0, kMaxDecimals);
  for (double t = std::ceil(out.price_low_ / step) * step; t <= out.price_high_; t += step) {
    out.price_ticks_.push_back({out.row_of_price(t), format_price(t, tick_decimals)});
    if (out.price_ticks_.size() > 64) break;
  }

  // Time ticks: the smallest calendar step leaving kMinTimeLabelPx between labels.
  const std::optional<Timeframe> tf = data::detect_timeframe(series);
  out.timeframe_ = !options.timeframe.empty() ? options.timeframe
                   : tf                       ? tf->to_string()
                                              : std::string();
  double bar_seconds = 60.0;
  if (out.count_ > 1) {
    bar_seconds = static_cast<double>(times[end - 1] - times[out.first_]) /
                  static_cast<double>(out.count_ - 1) / static_cast<double>(kNanosPerSecond);
  } else if (tf) {
    bar_seconds = static_cast<double>(tf->duration().count()) / kNanosPerSecond;
  }
  TimeStep chosen = kTimeSteps.back();
  for (const TimeStep& s : kTimeSteps) {
    const double s_seconds =
        s.months > 0 ? s.months * 30.44 * kDay : static_cast<double>(s.seconds);
    if (s_seconds / bar_seconds * out.slot_ >= kMinTimeLabelPx) {
      chosen = s;
      break;
    }
  }
  double last_x = -1e9;
  for (std::size_t i = out.first_; i < end; ++i) {
    const std::int64_t sec = Timestamp(times[i]).seconds();
    const bool starts = i == out.first_ ? bucket_of(sec, chosen) != bucket_of(sec - 1, chosen)
                                        : bucket_of(sec, chosen) !=
                                              bucket_of(Timestamp(times[i - 1]).seconds(), chosen);
    if (!starts) continue;
    const double x = out.x_of_bar(static_cast<double>(i));
    if (x - last_x < kMinTimeLabelPx * 0.7) continue;
    last_x = x;
    out.time_ticks_.push_back({static_cast<int>(std::floor(x)), time_label(sec, chosen)});
  }

  if (options.volume) {
    const double vscale = pow10(series.volume_precision());
    const auto vols = series.volume_raw();
    for (std::size_t i = out.first_; i < end; ++i) {
      out.max_volume_ = std::max(out.max_volume_, static_cast<double>(vols[i]) / vscale);
    }
  }
  return out;
}

}  // namespace omega::chart
