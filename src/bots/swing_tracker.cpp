// Implements SwingTracker.
#include "bots/swing_tracker.hpp"

namespace omega::bots {

SwingTracker::SwingTracker(int strength)
    : strength_(strength < 1 ? 1 : strength),
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
  if (bars_ < n) return std::nullopt;
  // The candidate is the middle of the window: `strength_` bars old.
  const std::int64_t center = bars_ - 1 - strength_;
  const auto at = [&](std::int64_t bar, const std::vector<std::int64_t>& ring) {
    return ring[static_cast<std::size_t>(bar % n)];
  };
  const std::int64_t ch = at(center, highs_);
  const std::int64_t cl = at(center, lows_);
  bool is_high = true;
  bool is_low = true;
  for (std::int64_t k = 1; k <= strength_; ++k) {
    // Strict on the left, non-strict on the right: a flat top is one pivot, its first bar.
    is_high = is_high && ch > at(center - k, highs_) && ch >= at(center + k, highs_);
    is_low = is_low && cl < at(center - k, lows_) && cl <= at(center + k, lows_);
  }
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
