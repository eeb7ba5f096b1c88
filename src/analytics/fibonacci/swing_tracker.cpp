#include "analytics/fibonacci/swing_tracker.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"

namespace omega::fib {

ZigzagTracker ZigzagTracker::by_percent(double percent) {
  OMEGA_ASSERT(percent > 0.0 && percent < 100.0, "zigzag percent must lie in (0, 100)");
  ZigzagTracker t;
  t.fraction_ = percent / 100.0;
  return t;
}

ZigzagTracker ZigzagTracker::by_atr(double multiple, int atr_period) {
  OMEGA_ASSERT(multiple > 0.0, "zigzag ATR multiple must be positive");
  OMEGA_ASSERT(atr_period >= 1, "ATR period must be at least 1");
  ZigzagTracker t;
  t.multiple_ = multiple;
  t.atr_.emplace(atr_period);
  return t;
}

double ZigzagTracker::reversal(double extreme) const {
  return fraction_ > 0.0 ? std::abs(extreme) * fraction_ : multiple_ * atr_value_;
}

void ZigzagTracker::trim(std::size_t first) {
  if (first <= base_) return;
  head_ += first - base_;
  base_ = first;
  if (head_ >= 4096 && 2 * head_ >= highs_.size()) {
    const auto h = static_cast<std::ptrdiff_t>(head_);
    highs_.erase(highs_.begin(), highs_.begin() + h);
    lows_.erase(lows_.begin(), lows_.begin() + h);
    head_ = 0;
  }
}

std::optional<Swing> ZigzagTracker::update(double high, double low, double close) {
  if (atr_) atr_value_ = atr_->update(high, low, close);
  const std::size_t i = next_++;
  highs_.push_back(high);
  lows_.push_back(low);
  if (i == 0) {
    hi_ = high;
    lo_ = low;
    return std::nullopt;
  }
  // A bar is tested against the extremes of the bars before it: the order of its own high and
  // low is unknown, so it never confirms a pivot it set itself.
  if (leg_ != Leg::kDown) {
    const double d = reversal(hi_);
    if (d > 0.0 && low <= hi_ - d) {
      const Swing swing{hi_idx_, i, hi_, SwingKind::kHigh};
      leg_ = Leg::kDown;
      lo_ = low;
      lo_idx_ = i;
      // The lowest low since the pivot starts the new leg, this bar included.
      for (std::size_t j = hi_idx_ + 1; j < i; ++j) {
        if (bar_low(j) < lo_) {
          lo_ = bar_low(j);
          lo_idx_ = j;
        }
      }
      trim(lo_idx_);
      return swing;
    }
  }
  if (leg_ != Leg::kUp) {
    const double d = reversal(lo_);
    if (d > 0.0 && high >= lo_ + d) {
      const Swing swing{lo_idx_, i, lo_, SwingKind::kLow};
      leg_ = Leg::kUp;
      hi_ = high;
      hi_idx_ = i;
      for (std::size_t j = lo_idx_ + 1; j < i; ++j) {
        if (bar_high(j) > hi_) {
          hi_ = bar_high(j);
          hi_idx_ = j;
        }
      }
      trim(hi_idx_);
      return swing;
    }
  }
  if (leg_ != Leg::kDown && high > hi_) {
    hi_ = high;
    hi_idx_ = i;
  }
  if (leg_ != Leg::kUp && low < lo_) {
    lo_ = low;
    lo_idx_ = i;
  }
  // Only bars after the candidate extreme are ever scanned again.
  if (leg_ == Leg::kUp) trim(hi_idx_);
  if (leg_ == Leg::kDown) trim(lo_idx_);
  if (leg_ == Leg::kUnknown) trim(std::min(hi_idx_, lo_idx_));
  return std::nullopt;
}

FractalTracker::FractalTracker(int left, int right)
    : left_(static_cast<std::size_t>(left)),
      right_(static_cast<std::size_t>(right)),
      window_(left_ + right_ + 1) {
  OMEGA_ASSERT(left >= 1 && right >= 1, "fractal needs at least one bar on each side");
  highs_.resize(2 * window_);
  lows_.resize(2 * window_);
}

FractalUpdate FractalTracker::update(double high, double low) {
  const std::size_t i = next_++;
  const std::size_t slot = i % window_;
  highs_[slot] = highs_[slot + window_] = high;
  lows_[slot] = lows_[slot + window_] = low;
  FractalUpdate out;
  if (i + 1 < window_) return out;
  // The window is bars i - window + 1 .. i, starting right after this bar's slot.
  const std::size_t start = (slot + 1) % window_;
  const double* h = highs_.data() + start;
  const double* l = lows_.data() + start;
  const std::size_t p = left_;  // the candidate's position in the window
  const double ph = h[p];
  const double pl = l[p];
  bool is_high = true;
  bool is_low = true;
  for (std::size_t j = 0; j < p; ++j) {
    is_high &= ph > h[j];
    is_low &= pl < l[j];
  }
  for (std::size_t j = p + 1; j < window_; ++j) {
    is_high &= ph >= h[j];
    is_low &= pl <= l[j];
  }
  const std::size_t pivot = i - right_;
  if (is_high) out.high = Swing{pivot, i, ph, SwingKind::kHigh};
  if (is_low) out.low = Swing{pivot, i, pl, SwingKind::kLow};
  return out;
}

}  // namespace omega::fib
