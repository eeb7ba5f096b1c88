// Provides ADX with +DI and -DI: Wilder's directional movement system.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "analytics/indicators/true_range.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one ADX output.
struct AdxValue {
  double adx = kNaN;
  double plus_di = kNaN;
  double minus_di = kNaN;
};

// Returns the number of leading NaN ADX outputs: 2 * period - 1.
constexpr int adx_lookback(int period) {
  return 2 * period - 1;
}
// Returns the number of leading NaN +DI / -DI outputs: period.
constexpr int di_lookback(int period) {
  return period;
}

// Computes ADX(period), +DI and -DI as TA-Lib's ADX, PLUS_DI and MINUS_DI do: directional moves
// and true ranges summed over bars 1..period-1 then Wilder-smoothed (in multiplied form, see
// Adx::update); equal up and down moves count for neither side; ADX is the mean of the first
// `period` DX values, then Wilder-smoothed. Where the smoothed true range is within 1e-8 of zero
// (constant prices), DI is 0 and ADX keeps its previous value (DX counts as 0 in the seed mean).
// Expects NaN-free input (see bar.hpp).
void adx(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         int period, std::span<double> adx_out, std::span<double> plus_di_out,
         std::span<double> minus_di_out);

// Updates ADX, +DI and -DI one bar at a time in O(1); the same arithmetic as adx().
class Adx {
 public:
  explicit Adx(int period)
      : period_(static_cast<std::size_t>(period)),
        period_d_(period),
        decay_(1.0 - 1.0 / static_cast<double>(period)),
        inv_period_(1.0 / static_cast<double>(period)) {
    OMEGA_ASSERT(period >= 2, "ADX period must be at least 2");
  }

  // Adds a bar and returns ADX (NaN before 2 * period - 1) and the DIs (NaN before period).
  AdxValue update(double high, double low, double close) {
    const std::size_t i = seen_++;
    if (i == 0) {
      prev_high_ = high;
      prev_low_ = low;
      prev_close_ = close;
      return {};
    }
    const double up = high - prev_high_;
    const double down = prev_low_ - low;
    prev_high_ = high;
    prev_low_ = low;
    const double tr = true_range(high, low, prev_close_);
    prev_close_ = close;
    if (i < period_) {
      if (down > 0 && up < down) {
        minus_dm_ += down;
      } else if (up > 0 && up > down) {
        plus_dm_ += up;
      }
      tr_ += tr;
      return {};
    }
    // Wilder's x - x/p + new as x * (1 - 1/p) + new, and ADX's (adx * (p - 1) + dx) / p as
    // adx * (1 - 1/p) + dx / p: multiplies instead of divides on the dependency chains and
    // one reciprocal for both DIs, within 1e-13 of TA-Lib's rounding.
    // Bitwise & and a 0/1 factor keep the unpredictable up/down test free of branches.
    const bool minus = (down > 0) & (up < down);
    const bool plus = (up > 0) & (up > down);
    minus_dm_ = minus_dm_ * decay_ + down * static_cast<double>(minus);
    plus_dm_ = plus_dm_ * decay_ + up * static_cast<double>(plus);
    tr_ = tr_ * decay_ + tr;

    AdxValue out;
    out.plus_di = 0.0;
    out.minus_di = 0.0;
    double dx = kNaN;  // undefined when the range or the DI sum is zero
    if (!near_zero(tr_)) {
      const double scale = 100.0 / tr_;
      out.minus_di = minus_dm_ * scale;
      out.plus_di = plus_dm_ * scale;
      const double di_sum = out.minus_di + out.plus_di;
      if (!near_zero(di_sum)) dx = 100.0 * (std::fabs(out.minus_di - out.plus_di) / di_sum);
    }
    if (i < 2 * period_) {
      if (!std::isnan(dx)) sum_dx_ += dx;
      if (i + 1 < 2 * period_) return out;
      adx_ = sum_dx_ / period_d_;
      out.adx = adx_;
      return out;
    }
    if (!std::isnan(dx)) adx_ = adx_ * decay_ + dx * inv_period_;
    out.adx = adx_;
    return out;
  }

  // Returns the number of leading NaN ADX outputs.
  int lookback() const { return 2 * static_cast<int>(period_) - 1; }
  // Forgets every bar seen.
  void reset();

 private:
  static bool near_zero(double v) { return -1e-8 < v && v < 1e-8; }

  std::size_t period_;
  double period_d_;
  double decay_;
  double inv_period_;
  std::size_t seen_ = 0;
  double prev_high_ = 0.0;
  double prev_low_ = 0.0;
  double prev_close_ = 0.0;
  double plus_dm_ = 0.0;
  double minus_dm_ = 0.0;
  double tr_ = 0.0;
  double sum_dx_ = 0.0;
  double adx_ = 0.0;
};

}  // namespace omega::indicators
