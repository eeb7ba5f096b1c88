// Provides MACD: the difference of two EMAs, its signal EMA and the histogram.
#pragma once

#include <cstddef>
#include <span>

#include "analytics/indicators/bar.hpp"
#include "core/assert.hpp"

namespace omega::indicators {

// Holds one MACD output.
struct MacdValue {
  double macd = kNaN;
  double signal = kNaN;
  double hist = kNaN;
};

// Returns the number of leading NaN outputs of MACD: (slow - 1) + (signal - 1).
constexpr int macd_lookback(int /*fast*/, int slow, int signal) {
  return slow - 1 + signal - 1;
}

// Computes MACD(fast, slow, signal) of `in` as TA-Lib does: both EMAs start at index slow - 1
// (the fast one seeded with the SMA of the `fast` closes ending there), the signal EMA is seeded
// with the SMA of the first `signal` MACD values, and all three outputs start at the lookback.
// Requires 1 <= fast < slow. Expects NaN-free input (see bar.hpp).
void macd(std::span<const double> in, int fast, int slow, int signal, std::span<double> macd_out,
          std::span<double> signal_out, std::span<double> hist_out);

// Updates MACD one value at a time in O(1) and constant memory; the same arithmetic as macd().
class Macd {
 public:
  Macd(int fast, int slow, int signal)
      : fast_(static_cast<std::size_t>(fast)),
        slow_(static_cast<std::size_t>(slow)),
        signal_(static_cast<std::size_t>(signal)),
        fast_d_(fast),
        slow_d_(slow),
        signal_d_(signal),
        fast_k_(2.0 / static_cast<double>(fast + 1)),
        slow_k_(2.0 / static_cast<double>(slow + 1)),
        signal_k_(2.0 / static_cast<double>(signal + 1)) {
    OMEGA_ASSERT(fast >= 1 && fast < slow && signal >= 1,
                 "MACD needs 1 <= fast < slow and signal >= 1");
  }

  // Adds a value and returns MACD, signal and histogram, all NaN before the lookback.
  MacdValue update(double x) {
    const std::size_t i = seen_++;
    if (i < slow_) {
      slow_sum_ += x;
      if (i + fast_ >= slow_) fast_sum_ += x;
      if (i + 1 < slow_) return {};
      slow_ema_ = slow_sum_ / slow_d_;
      fast_ema_ = fast_sum_ / fast_d_;
    } else {
      fast_ema_ = ((x - fast_ema_) * fast_k_) + fast_ema_;
      slow_ema_ = ((x - slow_ema_) * slow_k_) + slow_ema_;
    }
    const double line = fast_ema_ - slow_ema_;
    const std::size_t j = i + 1 - slow_;  // index of this MACD value
    if (j < signal_) {
      signal_sum_ += line;
      if (j + 1 < signal_) return {};
      signal_ema_ = signal_sum_ / signal_d_;
    } else {
      signal_ema_ = ((line - signal_ema_) * signal_k_) + signal_ema_;
    }
    return {line, signal_ema_, line - signal_ema_};
  }

  // Returns the number of leading NaN outputs.
  int lookback() const { return static_cast<int>(slow_ + signal_) - 2; }
  // Forgets every value seen.
  void reset();

 private:
  std::size_t fast_;
  std::size_t slow_;
  std::size_t signal_;
  double fast_d_;
  double slow_d_;
  double signal_d_;
  double fast_k_;
  double slow_k_;
  double signal_k_;
  std::size_t seen_ = 0;
  double fast_sum_ = 0.0;
  double slow_sum_ = 0.0;
  double signal_sum_ = 0.0;
  double fast_ema_ = 0.0;
  double slow_ema_ = 0.0;
  double signal_ema_ = 0.0;
};

}  // namespace omega::indicators
