// Provides find_confluence: zones where levels from several legs or timeframes cluster within a
// price tolerance, scored by how many levels meet there and how strong they are.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "analytics/fibonacci/levels.hpp"

namespace omega::fib {

// A level with where it came from and how much it counts.
struct SourcedLevel {
  FibLevel level;
  int source = 0;       // an id of the leg/timeframe that drew it; zones count distinct sources
  double weight = 1.0;  // e.g. ratio_weight(ratio) x a timeframe or leg-size weight
};

// How levels are grouped.
struct ConfluenceOptions {
  double tolerance_pct = 0.5;  // a zone spans at most this % of its lowest price
  int min_sources = 2;         // zones with fewer distinct sources are dropped
};

// A cluster of levels.
struct ConfluenceZone {
  double low = 0.0;
  double high = 0.0;
  double center = 0.0;               // weight-averaged price of the members
  int sources = 0;                   // distinct sources among the members
  double score = 0.0;                // sum of member weights
  std::vector<std::size_t> members;  // indices into the input
};

// Groups levels greedily in ascending price: a zone starts at its lowest level and takes every
// following level within tolerance_pct of that start. Returns zones with at least min_sources
// distinct sources, strongest first (score, then sources, then lower price).
std::vector<ConfluenceZone> find_confluence(std::span<const SourcedLevel> levels,
                                            const ConfluenceOptions& options = {});

// Collects the levels of each leg as one source, weighted by ratio_weight x leg_weights[i]
// (1 when leg_weights is shorter), for find_confluence.
std::vector<SourcedLevel> sourced_levels(std::span<const SwingLeg> legs, const RatioSet& ratios,
                                         std::span<const double> leg_weights = {},
                                         int first_source = 0);

}  // namespace omega::fib
