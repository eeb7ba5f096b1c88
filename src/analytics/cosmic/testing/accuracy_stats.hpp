// Provides ErrorStats: max-abs and rms of a stream of residuals (test support).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace omega::cosmic::testing {

// Accumulates residuals and reports their largest magnitude and root mean square.
class ErrorStats {
 public:
  void add(double residual) {
    max_abs_ = std::max(max_abs_, std::abs(residual));
    sum_sq_ += residual * residual;
    ++count_;
  }
  double max_abs() const { return max_abs_; }
  double rms() const {
    return count_ == 0 ? 0.0 : std::sqrt(sum_sq_ / static_cast<double>(count_));
  }
  std::size_t count() const { return count_; }

 private:
  double max_abs_ = 0.0;
  double sum_sq_ = 0.0;
  std::size_t count_ = 0;
};

}  // namespace omega::cosmic::testing
