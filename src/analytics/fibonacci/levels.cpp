#include "analytics/fibonacci/levels.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace omega::fib {
namespace {

Result<std::vector<double>> parse_list(std::string_view text) {
  std::vector<double> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || ptr != item.data() + item.size() || !std::isfinite(v) || v < 0.0) {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("ratio must be a number >= 0, got '{}'", item));
    }
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool near(double a, double b) {
  return std::abs(a - b) < 1e-9;
}

}  // namespace

std::string_view to_string(LevelKind kind) {
  switch (kind) {
    case LevelKind::kRetracement:
      return "retracement";
    case LevelKind::kExtension:
      return "extension";
    case LevelKind::kInverseExtension:
      return "inverse-extension";
  }
  return "?";
}

RatioSet RatioSet::standard() {
  return {{0.0, 0.236, 0.382, 0.5, 0.618, 0.65, 0.786, 1.0},
          {1.272, 1.414, 1.618, 2.0, 2.618, 3.618, 4.236}};
}

Result<RatioSet> parse_ratio_set(std::string_view text) {
  RatioSet set;
  const auto slash = text.find('/');
  OMEGA_ASSIGN_OR_RETURN(set.retracements, parse_list(text.substr(0, slash)));
  if (slash != std::string_view::npos) {
    OMEGA_ASSIGN_OR_RETURN(set.extensions, parse_list(text.substr(slash + 1)));
  }
  if (set.retracements.empty() && set.extensions.empty()) {
    return Error(ErrorCode::kInvalidArgument, "ratio set is empty");
  }
  return set;
}

std::vector<FibLevel> fib_levels(const SwingLeg& leg, const RatioSet& ratios, ExtensionSide side) {
  const double a = leg.from.price;
  const double b = leg.to.price;
  const double move = b - a;
  std::vector<FibLevel> out;
  out.reserve(ratios.retracements.size() + 2 * ratios.extensions.size());
  for (const double r : ratios.retracements) {
    out.push_back({r, b - move * r, LevelKind::kRetracement});
  }
  if (side != ExtensionSide::kBeyondStart) {
    for (const double r : ratios.extensions)
      out.push_back({r, a + move * r, LevelKind::kExtension});
  }
  if (side != ExtensionSide::kBeyondEnd) {
    for (const double r : ratios.extensions) {
      out.push_back({r, b - move * r, LevelKind::kInverseExtension});
    }
  }
  return out;
}

PriceZone golden_pocket(const SwingLeg& leg) {
  const double move = leg.to.price - leg.from.price;
  const double p618 = leg.to.price - move * 0.618;
  const double p650 = leg.to.price - move * 0.65;
  return {std::min(p618, p650), std::max(p618, p650)};
}

double ratio_weight(double ratio) {
  for (const double r : {0.618, 0.65, 1.618}) {
    if (near(ratio, r)) return 1.0;
  }
  for (const double r : {0.382, 0.5, 0.786, 1.272, 2.618}) {
    if (near(ratio, r)) return 0.75;
  }
  return 0.5;
}

}  // namespace omega::fib
