#include "analytics/fibonacci/confluence.hpp"

#include <algorithm>
#include <numeric>

namespace omega::fib {

std::vector<ConfluenceZone> find_confluence(std::span<const SourcedLevel> levels,
                                            const ConfluenceOptions& options) {
  std::vector<std::size_t> order(levels.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return levels[a].level.price < levels[b].level.price;
  });
  std::vector<ConfluenceZone> zones;
  const double tol = options.tolerance_pct / 100.0;
  std::size_t i = 0;
  while (i < order.size()) {
    const double start = levels[order[i]].level.price;
    const double limit = start + std::abs(start) * tol;
    ConfluenceZone zone;
    zone.low = start;
    std::vector<int> seen;
    double weighted = 0.0;
    for (; i < order.size() && levels[order[i]].level.price <= limit; ++i) {
      const SourcedLevel& l = levels[order[i]];
      zone.members.push_back(order[i]);
      zone.high = l.level.price;
      zone.score += l.weight;
      weighted += l.level.price * l.weight;
      if (std::find(seen.begin(), seen.end(), l.source) == seen.end()) seen.push_back(l.source);
    }
    zone.sources = static_cast<int>(seen.size());
    zone.center = zone.score > 0.0 ? weighted / zone.score : (zone.low + zone.high) / 2.0;
    if (zone.sources >= options.min_sources) zones.push_back(std::move(zone));
  }
  std::stable_sort(zones.begin(), zones.end(),
                   [](const ConfluenceZone& a, const ConfluenceZone& b) {
                     if (a.score != b.score) return a.score > b.score;
                     if (a.sources != b.sources) return a.sources > b.sources;
                     return a.low < b.low;
                   });
  return zones;
}

std::vector<SourcedLevel> sourced_levels(std::span<const SwingLeg> legs, const RatioSet& ratios,
                                         std::span<const double> leg_weights, int first_source) {
  std::vector<SourcedLevel> out;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    const double w = i < leg_weights.size() ? leg_weights[i] : 1.0;
    for (const FibLevel& l : fib_levels(legs[i], ratios)) {
      out.push_back({l, first_source + static_cast<int>(i), ratio_weight(l.ratio) * w});
    }
  }
  return out;
}

}  // namespace omega::fib
