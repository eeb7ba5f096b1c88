// Provides Ichimoku Kinko Hyo: conversion and base lines and the cloud as it stands at each bar.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/rolling_extreme.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one Ichimoku output.
struct IchimokuValue {
  double tenkan = kNaN;    // conversion line: mid of the last `tenkan` bars' range
  double kijun = kNaN;     // base line: mid of the last `kijun` bars' range
  double senkou_a = kNaN;  // leading span A in force at this bar (computed `kijun` bars ago)
  double senkou_b = kNaN;  // leading span B in force at this bar (computed `kijun` bars ago)
};

// Returns the number of leading bars before every output is defined: senkou - 1 + kijun.
constexpr int ichimoku_lookback(int /*tenkan*/, int kijun, int senkou) {
  return senkou - 1 + kijun;
}

// Computes ICHIMOKU(tenkan, kijun, senkou): tenkan/kijun lines = (highest high + lowest low) / 2
// over their periods; span A = (tenkan + kijun) / 2 and span B = the senkou-period midpoint, both
// displaced forward by `kijun` bars, so the values here are the cloud at each bar (causal).
// Each output starts as soon as it is defined (tenkan at tenkan - 1, kijun at kijun - 1, span A
// at 2 * kijun - 1, span B at the lookback). The lagging span (the close shifted back) is not
// produced: it looks ahead and is just the close column. Expects NaN-free input (see bar.hpp).
void ichimoku(std::span<const double> high, std::span<const double> low, int tenkan, int kijun,
              int senkou, std::span<double> tenkan_out, std::span<double> kijun_out,
              std::span<double> senkou_a_out, std::span<double> senkou_b_out);

// Updates ICHIMOKU one bar at a time in amortised O(1), constant memory (rings of `kijun` spans).
class Ichimoku {
 public:
  Ichimoku(int tenkan, int kijun, int senkou)
      : tenkan_high_(static_cast<std::size_t>(tenkan)),
        tenkan_low_(static_cast<std::size_t>(tenkan)),
        kijun_high_(static_cast<std::size_t>(kijun)),
        kijun_low_(static_cast<std::size_t>(kijun)),
        senkou_high_(static_cast<std::size_t>(senkou)),
        senkou_low_(static_cast<std::size_t>(senkou)),
        delayed_a_(static_cast<std::size_t>(kijun), kNaN),
        delayed_b_(static_cast<std::size_t>(kijun), kNaN),
        tenkan_(static_cast<std::size_t>(tenkan)),
        kijun_(static_cast<std::size_t>(kijun)),
        senkou_(static_cast<std::size_t>(senkou)) {
    OMEGA_ASSERT(tenkan >= 1 && kijun >= 1 && senkou >= 1, "Ichimoku periods must be >= 1");
  }

  // Adds a bar and returns the lines and the cloud in force at it.
  IchimokuValue update(double high, double low) {
    const std::size_t i = seen_++;
    const double th = tenkan_high_.push(high);
    const double tl = tenkan_low_.push(low);
    const double kh = kijun_high_.push(high);
    const double kl = kijun_low_.push(low);
    const double sh = senkou_high_.push(high);
    const double sl = senkou_low_.push(low);
    IchimokuValue out;
    if (i + 1 >= tenkan_) out.tenkan = (th + tl) / 2.0;
    if (i + 1 >= kijun_) out.kijun = (kh + kl) / 2.0;
    // The ring slot about to be overwritten holds the spans computed `kijun` bars ago.
    out.senkou_a = delayed_a_[pos_];
    out.senkou_b = delayed_b_[pos_];
    delayed_a_[pos_] =
        std::isnan(out.tenkan) || std::isnan(out.kijun) ? kNaN : (out.tenkan + out.kijun) / 2.0;
    delayed_b_[pos_] = i + 1 >= senkou_ ? (sh + sl) / 2.0 : kNaN;
    pos_ = pos_ + 1 == kijun_ ? 0 : pos_ + 1;
    return out;
  }

  // Returns the number of leading bars before every output is defined.
  int lookback() const { return static_cast<int>(senkou_ + kijun_) - 1; }
  // Forgets every bar seen.
  void reset();

 private:
  RollingMax tenkan_high_;
  RollingMin tenkan_low_;
  RollingMax kijun_high_;
  RollingMin kijun_low_;
  RollingMax senkou_high_;
  RollingMin senkou_low_;
  std::vector<double> delayed_a_;
  std::vector<double> delayed_b_;
  std::size_t tenkan_;
  std::size_t kijun_;
  std::size_t senkou_;
  std::size_t pos_ = 0;
  std::size_t seen_ = 0;
};

}  // namespace omega::indicators
