// Provides RollingMax and RollingMin: the extreme of the last n values in amortised O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/assert.hpp"

namespace omega::indicators {

// Keeps a monotonic queue of candidates in a fixed ring of `window` slots, so memory is constant
// and each value is pushed and popped at most once. `Keeps(a, b)` is true when an older `a`
// must stay in front of a newer `b` (a > b for a maximum).
template <typename Keeps>
class RollingExtreme {
 public:
  explicit RollingExtreme(std::size_t window)
      : values_(window), indices_(window), window_(window) {
    OMEGA_ASSERT(window >= 1, "rolling window must hold at least one value");
  }

  // Adds the next value and returns the extreme of the last `window` values (fewer at start).
  double push(double x) {
    if (size_ > 0 && indices_[head_] + window_ <= count_) {
      head_ = next(head_);
      --size_;
    }
    while (size_ > 0 && !Keeps{}(values_[back()], x)) {
      --size_;
    }
    std::size_t slot = head_ + size_;
    if (slot >= window_) slot -= window_;
    values_[slot] = x;
    indices_[slot] = count_;
    ++size_;
    ++count_;
    return values_[head_];
  }

  // Forgets every value.
  void reset() {
    head_ = 0;
    size_ = 0;
    count_ = 0;
  }

 private:
  std::size_t next(std::size_t i) const { return i + 1 == window_ ? 0 : i + 1; }
  std::size_t back() const {
    std::size_t slot = head_ + size_ - 1;
    return slot >= window_ ? slot - window_ : slot;
  }

  std::vector<double> values_;
  std::vector<std::uint64_t> indices_;
  std::size_t window_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t count_ = 0;
};

// Tracks the highest of the last n values.
using RollingMax = RollingExtreme<std::greater<double>>;
// Tracks the lowest of the last n values.
using RollingMin = RollingExtreme<std::less<double>>;

}  // namespace omega::indicators
