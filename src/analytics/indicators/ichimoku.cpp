#include "analytics/indicators/ichimoku.hpp"

#include <algorithm>

namespace omega::indicators {

void ichimoku(std::span<const double> high, std::span<const double> low, int tenkan, int kijun,
              int senkou, std::span<double> tenkan_out, std::span<double> kijun_out,
              std::span<double> senkou_a_out, std::span<double> senkou_b_out) {
  const std::size_t n = tenkan_out.size();
  OMEGA_ASSERT(high.size() == n && low.size() == n && kijun_out.size() == n &&
                   senkou_a_out.size() == n && senkou_b_out.size() == n,
               "ICHIMOKU columns must have the same length");
  Ichimoku state(tenkan, kijun, senkou);
  for (std::size_t i = 0; i < n; ++i) {
    const IchimokuValue v = state.update(high[i], low[i]);
    tenkan_out[i] = v.tenkan;
    kijun_out[i] = v.kijun;
    senkou_a_out[i] = v.senkou_a;
    senkou_b_out[i] = v.senkou_b;
  }
}

void Ichimoku::reset() {
  tenkan_high_.reset();
  tenkan_low_.reset();
  kijun_high_.reset();
  kijun_low_.reset();
  senkou_high_.reset();
  senkou_low_.reset();
  std::fill(delayed_a_.begin(), delayed_a_.end(), kNaN);
  std::fill(delayed_b_.begin(), delayed_b_.end(), kNaN);
  pos_ = 0;
  seen_ = 0;
}

}  // namespace omega::indicators
