// Implements SwingTracker.
#include "bots/swing_tracker.hpp"

namespace omega::bots {

SwingTracker::SwingTracker(int strength)
    : strength_(strength < 1 ? 1 : strength),
      fractal_(strength_, strength_),
      highs_(static_cast<std::size_t>(2 * strength_ + 1)),
      lows_(static_cast<std::size_t>(2 * strength_ + 1)) {}

void SwingTracker::add(const Swing& swing, bool& changed) {
  if (!swings_.empty() && swings_.back().is_high == swing.is_high) {
    Swing& last = swings_.back();
    const bool more_extreme = swing.is_high ? swing.price > last.price : swing.price < last.price;
    if (more_extreme) {
      last = swing;
      changed = true;
    }
    return;
  }
  swings_.push_back(swing);
  if (swings_.size() > 8) swings_.erase(swings_.begin());
  changed = true;
}

std::optional<Swing> SwingTracker::update(std::int64_t high, std::int64_t low) {
  const auto n = static_cast<std::int64_t>(highs_.size());
  highs_[static_cast<std::size_t>(bars_ % n)] = high;
  lows_[static_cast<std::size_t>(bars_ % n)] = low;
  ++bars_;
  // The analytics tracker decides (strict on the left, non-strict on the right); the exact raw
  // price is read back from the ring, never from the double.
  const fib::FractalUpdate found =
      fractal_.update(static_cast<double>(high), static_cast<double>(low));
  bool is_high = found.high.has_value();
  bool is_low = found.low.has_value();
  if (!is_high && !is_low) return std::nullopt;
  const std::int64_t center = bars_ - 1 - strength_;
  const std::int64_t ch = highs_[static_cast<std::size_t>(center % n)];
  const std::int64_t cl = lows_[static_cast<std::size_t>(center % n)];
  std::optional<Swing> confirmed;
  bool changed = false;
  // An outside bar that is both keeps the order the trend implies: low first after a high.
  if (is_high && is_low && !swings_.empty() && swings_.back().is_high) {
    add(Swing{center, cl, false}, changed);
    if (changed) confirmed = swings_.back();
    is_low = false;
    changed = false;
  }
  if (is_high) {
    add(Swing{center, ch, true}, changed);
    if (changed) confirmed = swings_.back();
  }
  changed = false;
  if (is_low) {
    add(Swing{center, cl, false}, changed);
    if (changed) confirmed = swings_.back();
  }
  return confirmed;
}

Trend SwingTracker::trend() const {
  std::optional<std::int64_t> h1, h2, l1, l2;  // 2 = latest
  for (auto it = swings_.rbegin(); it != swings_.rend(); ++it) {
    if (it->is_high) {
      if (!h2)
        h2 = it->price;
      else if (!h1)
        h1 = it->price;
    } else {
      if (!l2)
        l2 = it->price;
      else if (!l1)
        l1 = it->price;
    }
  }
  if (!h1 || !h2 || !l1 || !l2) return Trend::kNone;
  if (*h2 > *h1 && *l2 > *l1) return Trend::kUp;
  if (*h2 < *h1 && *l2 < *l1) return Trend::kDown;
  return Trend::kNone;
}

}  // namespace omega::bots
