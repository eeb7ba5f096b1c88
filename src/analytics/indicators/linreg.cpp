#include "analytics/indicators/linreg.hpp"

namespace omega::indicators {

void linreg(std::span<const double> in, int period, std::span<double> value_out,
            std::span<double> slope_out) {
  OMEGA_ASSERT(value_out.size() == in.size() && slope_out.size() == in.size(),
               "LINEARREG outputs must have the input's length");
  Linreg state(period);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const LinregValue v = state.update(in[i]);
    value_out[i] = v.value;
    slope_out[i] = v.slope;
  }
}

Linreg::Linreg(int period)
    : window_(static_cast<std::size_t>(period)),
      period_(static_cast<std::size_t>(period)),
      period_d_(period),
      last_x_(period - 1) {
  OMEGA_ASSERT(period >= 2, "LINEARREG period must be at least 2");
  const double n = period_d_;
  sum_x_ = n * (n - 1.0) / 2.0;
  const double sum_xx = (n - 1.0) * n * (2.0 * n - 1.0) / 6.0;
  divisor_ = n * sum_xx - sum_x_ * sum_x_;
}

void Linreg::refresh() {
  since_refresh_ = 0;
  sum_xy_ = 0.0;
  sum_y_ = 0.0;
  std::size_t slot = pos_;  // the oldest value once the ring is full
  for (std::size_t k = 0; k < period_; ++k) {
    const double y = window_[slot];
    sum_xy_ += static_cast<double>(k) * y;
    sum_y_ += y;
    slot = slot + 1 == period_ ? 0 : slot + 1;
  }
}

}  // namespace omega::indicators
