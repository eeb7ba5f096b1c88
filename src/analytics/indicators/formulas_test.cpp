// Cross-checks the indicators without a TA-Lib reference file against direct, O(n * period)
// textbook formulas on the bundled data, and SAR against a hand-worked example.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/ema.hpp"
#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/indicators/test_data.hpp"

namespace omega::indicators {
namespace {

using Column = std::vector<double>;

const testing::OwnedBars& bars() {
  return testing::btc_1h();
}
std::size_t size() {
  return bars().close.size();
}

std::vector<Column> run(const std::string& spec) {
  auto made = make_indicator(spec);
  EXPECT_TRUE(made.ok()) << spec;
  return (*made)->compute(bars().columns());
}

// Expects NaN where `want` is NaN and |got - want| <= tolerance * max(scale, |got|, |want|)
// elsewhere; `scale` keeps values near zero (slopes, oscillators) from demanding 1e-9 of 0.
void expect_close(const Column& got, const Column& want, double tolerance, double scale,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  int failures = 0;
  for (std::size_t i = 0; i < got.size() && failures < 5; ++i) {
    if (std::isnan(want[i])) {
      if (!std::isnan(got[i])) {
        ADD_FAILURE() << what << " bar " << i << ": expected NaN, got " << got[i];
        ++failures;
      }
      continue;
    }
    const double bound = tolerance * std::max({scale, std::fabs(got[i]), std::fabs(want[i])});
    if (!(std::fabs(got[i] - want[i]) <= bound)) {
      ADD_FAILURE() << what << " bar " << i << ": expected " << want[i] << ", got " << got[i];
      ++failures;
    }
  }
}

Column nan_column() {
  return Column(size(), std::nan(""));
}

double window_max(const Column& x, std::size_t end, std::size_t n) {
  return *std::max_element(x.begin() + static_cast<std::ptrdiff_t>(end + 1 - n),
                           x.begin() + static_cast<std::ptrdiff_t>(end + 1));
}
double window_min(const Column& x, std::size_t end, std::size_t n) {
  return *std::min_element(x.begin() + static_cast<std::ptrdiff_t>(end + 1 - n),
                           x.begin() + static_cast<std::ptrdiff_t>(end + 1));
}

Column direct_wma(const Column& x, std::size_t n) {
  Column out(x.size(), std::nan(""));
  const double weights = static_cast<double>(n * (n + 1)) / 2.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || i + 1 < n || std::isnan(x[i + 1 - n])) continue;
    double sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) sum += static_cast<double>(j + 1) * x[i + 1 - n + j];
    out[i] = sum / weights;
  }
  return out;
}

// Applies a typed kernel to the defined tail of `x` (NaN before `from`).
Column on_tail(const Column& x, std::size_t from,
               const std::function<void(std::span<const double>, std::span<double>)>& kernel) {
  Column out(x.size(), std::nan(""));
  if (from >= x.size()) return out;
  kernel(std::span<const double>(x).subspan(from), std::span<double>(out).subspan(from));
  return out;
}

TEST(Formulas, WmaAndHull) {
  const Column& c = bars().close;
  expect_close(run("wma:30")[0], direct_wma(c, 30), 1e-9, 0.0, "wma:30");
  const Column half = direct_wma(c, 8);
  const Column full = direct_wma(c, 16);
  Column raw(size(), std::nan(""));
  for (std::size_t i = 0; i < size(); ++i) raw[i] = 2.0 * half[i] - full[i];
  expect_close(run("hma:16")[0], direct_wma(raw, 4), 1e-9, 0.0, "hma:16");
}

TEST(Formulas, DemaAndTemaComposeEmas) {
  const Column& c = bars().close;
  const std::size_t p = 30;
  const auto ema_p = [](std::span<const double> in, std::span<double> out) { ema(in, 30, out); };
  const Column e1 = on_tail(c, 0, ema_p);
  const Column e2 = on_tail(e1, p - 1, ema_p);
  const Column e3 = on_tail(e2, 2 * (p - 1), ema_p);
  Column dema_want(size(), std::nan(""));
  Column tema_want(size(), std::nan(""));
  for (std::size_t i = 0; i < size(); ++i) {
    dema_want[i] = 2.0 * e1[i] - e2[i];
    tema_want[i] = 3.0 * e1[i] - 3.0 * e2[i] + e3[i];
  }
  expect_close(run("dema:30")[0], dema_want, 1e-9, 0.0, "dema:30");
  expect_close(run("tema:30")[0], tema_want, 1e-9, 0.0, "tema:30");
}

TEST(Formulas, StochRsiIsFastStochasticOfRsi) {
  Column r(size());
  rsi(bars().close, 14, r);
  Column k = nan_column();
  Column d = nan_column();
  for (std::size_t i = 14 + 4; i < size(); ++i) {
    const double hi = window_max(r, i, 5);
    const double lo = window_min(r, i, 5);
    k[i] = hi == lo ? 0.0 : 100.0 * (r[i] - lo) / (hi - lo);
    if (i >= 14 + 4 + 2) d[i] = (k[i] + k[i - 1] + k[i - 2]) / 3.0;
  }
  for (std::size_t i = 0; i < 14 + 4 + 2; ++i) k[i] = std::nan("");
  const auto out = run("stochrsi:14,5,3");
  expect_close(out[0], k, 1e-9, 100.0, "stochrsi k");
  expect_close(out[1], d, 1e-9, 100.0, "stochrsi d");
}

TEST(Formulas, CciMfiWillr) {
  const auto& b = bars();
  Column tp(size());
  for (std::size_t i = 0; i < size(); ++i) tp[i] = (b.high[i] + b.low[i] + b.close[i]) / 3.0;
  Column cci = nan_column();
  Column mfi = nan_column();
  Column willr = nan_column();
  for (std::size_t i = 13; i < size(); ++i) {
    double mean = 0.0;
    for (std::size_t j = i - 13; j <= i; ++j) mean += tp[j] / 14.0;
    double dev = 0.0;
    for (std::size_t j = i - 13; j <= i; ++j) dev += std::fabs(tp[j] - mean) / 14.0;
    cci[i] = dev == 0.0 ? 0.0 : (tp[i] - mean) / (0.015 * dev);
    const double hi = window_max(b.high, i, 14);
    const double lo = window_min(b.low, i, 14);
    willr[i] = hi == lo ? 0.0 : -100.0 * (hi - b.close[i]) / (hi - lo);
    if (i >= 14) {
      double pos = 0.0;
      double neg = 0.0;
      for (std::size_t j = i - 13; j <= i; ++j) {
        if (tp[j] > tp[j - 1]) pos += tp[j] * b.volume[j];
        if (tp[j] < tp[j - 1]) neg += tp[j] * b.volume[j];
      }
      mfi[i] = pos + neg < 1.0 ? 0.0 : 100.0 * pos / (pos + neg);
    }
  }
  expect_close(run("cci:14")[0], cci, 1e-9, 100.0, "cci:14");
  expect_close(run("mfi:14")[0], mfi, 1e-9, 100.0, "mfi:14");
  expect_close(run("willr:14")[0], willr, 1e-9, 100.0, "willr:14");
}

TEST(Formulas, ObvVwapRocMom) {
  const auto& b = bars();
  Column obv(size());
  Column vwap(size());
  Column roc = nan_column();
  Column mom = nan_column();
  constexpr std::int64_t kDayNs = 86'400'000'000'000;
  double pv = 0.0;
  double v = 0.0;
  for (std::size_t i = 0; i < size(); ++i) {
    obv[i] = i == 0                        ? b.volume[0]
             : b.close[i] > b.close[i - 1] ? obv[i - 1] + b.volume[i]
             : b.close[i] < b.close[i - 1] ? obv[i - 1] - b.volume[i]
                                           : obv[i - 1];
    if (i == 0 || b.ts_ns[i] / kDayNs != b.ts_ns[i - 1] / kDayNs) pv = v = 0.0;
    pv += (b.high[i] + b.low[i] + b.close[i]) / 3.0 * b.volume[i];
    v += b.volume[i];
    vwap[i] = v > 0.0 ? pv / v : std::nan("");
    if (i >= 10) {
      roc[i] = (b.close[i] / b.close[i - 10] - 1.0) * 100.0;
      mom[i] = b.close[i] - b.close[i - 10];
    }
  }
  expect_close(run("obv")[0], obv, 1e-12, 1.0, "obv");
  expect_close(run("vwap")[0], vwap, 1e-9, 0.0, "vwap");
  expect_close(run("roc:10")[0], roc, 1e-9, 1.0, "roc:10");
  expect_close(run("mom:10")[0], mom, 1e-9, 1.0, "mom:10");
}

TEST(Formulas, DonchianIchimokuKeltner) {
  const auto& b = bars();
  const auto mid = [&](std::size_t i, std::size_t n) {
    return (window_max(b.high, i, n) + window_min(b.low, i, n)) / 2.0;
  };
  std::vector<Column> donchian(3, nan_column());
  std::vector<Column> ichimoku(4, nan_column());
  for (std::size_t i = 0; i < size(); ++i) {
    if (i >= 19) {
      donchian[0][i] = window_max(b.high, i, 20);
      donchian[2][i] = window_min(b.low, i, 20);
      donchian[1][i] = (donchian[0][i] + donchian[2][i]) / 2.0;
    }
    if (i >= 8) ichimoku[0][i] = mid(i, 9);
    if (i >= 25) ichimoku[1][i] = mid(i, 26);
    if (i >= 51) ichimoku[2][i] = (mid(i - 26, 9) + mid(i - 26, 26)) / 2.0;
    if (i >= 77) ichimoku[3][i] = mid(i - 26, 52);
  }
  const auto d = run("donchian:20");
  const auto ich = run("ichimoku:9,26,52");
  for (std::size_t k = 0; k < 3; ++k) expect_close(d[k], donchian[k], 0.0, 0.0, "donchian");
  for (std::size_t k = 0; k < 4; ++k) expect_close(ich[k], ichimoku[k], 1e-15, 0.0, "ichimoku");

  Column e(size());
  Column a(size());
  ema(b.close, 20, e);
  atr(b.high, b.low, b.close, 10, a);
  std::vector<Column> keltner(3, nan_column());
  for (std::size_t i = 19; i < size(); ++i) {
    keltner[0][i] = e[i] + 2.0 * a[i];
    keltner[1][i] = e[i];
    keltner[2][i] = e[i] - 2.0 * a[i];
  }
  const auto kc = run("keltner:20,2,10");
  for (std::size_t k = 0; k < 3; ++k) expect_close(kc[k], keltner[k], 1e-12, 0.0, "keltner");
}

TEST(Formulas, StddevAndLinearRegressionAreExactToRounding) {
  const Column& c = bars().close;
  Column sd = nan_column();
  Column value = nan_column();
  Column slope = nan_column();
  for (std::size_t i = 0; i < size(); ++i) {
    if (i >= 19) {
      double mean = 0.0;
      for (std::size_t j = i - 19; j <= i; ++j) mean += c[j] / 20.0;
      double var = 0.0;
      for (std::size_t j = i - 19; j <= i; ++j) var += (c[j] - mean) * (c[j] - mean) / 20.0;
      sd[i] = 2.0 * std::sqrt(var);
    }
    if (i >= 13) {
      // Centred least squares over x = 0..13.
      double ym = 0.0;
      for (std::size_t j = 0; j < 14; ++j) ym += c[i - 13 + j] / 14.0;
      double sxy = 0.0;
      double sxx = 0.0;
      for (std::size_t j = 0; j < 14; ++j) {
        const double dx = static_cast<double>(j) - 6.5;
        sxy += dx * (c[i - 13 + j] - ym);
        sxx += dx * dx;
      }
      slope[i] = sxy / sxx;
      value[i] = ym + slope[i] * 6.5;
    }
  }
  // Running sums of squares lose digits to cancellation (as TA-Lib's do): compare against the
  // price scale, not the deviation's.
  expect_close(run("stddev:20,2")[0], sd, 1e-9, 5000.0, "stddev:20,2");
  expect_close(run("linreg:14")[0], value, 1e-12, 0.0, "linreg:14");
  expect_close(run("linreg_slope:14")[0], slope, 1e-9, 100.0, "linreg_slope:14");
}

TEST(Formulas, SupertrendFollowsItsBands) {
  const auto& b = bars();
  Column a(size());
  atr(b.high, b.low, b.close, 10, a);
  Column value = nan_column();
  Column dir = nan_column();
  double upper_prev = 0.0;
  double lower_prev = 0.0;
  double dir_prev = -1.0;
  for (std::size_t i = 10; i < size(); ++i) {
    const double hl2 = (b.high[i] + b.low[i]) / 2.0;
    double upper = hl2 + 3.0 * a[i];
    double lower = hl2 - 3.0 * a[i];
    double d = -1.0;
    if (i > 10) {
      if (upper > upper_prev && b.close[i - 1] <= upper_prev) upper = upper_prev;
      if (lower < lower_prev && b.close[i - 1] >= lower_prev) lower = lower_prev;
      d = dir_prev < 0 ? (b.close[i] > upper ? 1.0 : -1.0) : (b.close[i] < lower ? -1.0 : 1.0);
    }
    value[i] = d > 0 ? lower : upper;
    dir[i] = d;
    upper_prev = upper;
    lower_prev = lower;
    dir_prev = d;
  }
  const auto out = run("supertrend:10,3");
  expect_close(out[0], value, 0.0, 0.0, "supertrend value");
  expect_close(out[1], dir, 0.0, 0.0, "supertrend direction");
}

// Worked by hand from Wilder's rules: long start (no down move on bar 1), the factor grows on
// each new high, a reversal puts the SAR at the extreme point, capped by the last two bars.
TEST(Formulas, SarHandWorkedExample) {
  const std::vector<double> high = {10, 11, 12, 13, 12.5, 12, 13};
  const std::vector<double> low = {9, 10, 11, 12, 9.0, 11, 12};
  auto made = make_indicator("sar:0.02,0.2");
  ASSERT_TRUE(made.ok());
  BarColumns in;
  in.high = high;
  in.low = low;
  const auto out = (*made)->compute(in);
  const std::vector<double> want = {std::nan(""), 9, 9.04, 9.1584, 13, 13, 9};
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(out[0][i]));
    } else {
      EXPECT_NEAR(out[0][i], want[i], 1e-12) << "bar " << i;
    }
  }
}

}  // namespace
}  // namespace omega::indicators
