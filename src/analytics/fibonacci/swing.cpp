#include "analytics/fibonacci/swing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "analytics/fibonacci/fractal.hpp"
#include "analytics/fibonacci/zigzag.hpp"

namespace omega::fib {
namespace {

Result<double> parse_positive(std::string_view text, std::string_view what) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) || v <= 0.0) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} must be a positive number, got '{}'", what, text));
  }
  return v;
}

Result<int> parse_count(std::string_view text, std::string_view what) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 1 || v > 100000) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("{} must be a whole number from 1 to 100000, got '{}'", what, text));
  }
  return v;
}

}  // namespace

std::string SwingSpec::to_string() const {
  switch (method) {
    case Method::kZigzagPercent:
      return fmt::format("zigzag:{}%", percent);
    case Method::kZigzagAtr:
      return fmt::format("atr:{},{}", atr_multiple, atr_period);
    case Method::kFractal:
      return fmt::format("fractal:{},{}", left, right);
  }
  return "?";
}

Result<SwingSpec> parse_swing_spec(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("swing spec '{}' must look like zigzag:5%, atr:3 or fractal:5", text));
  }
  const std::string_view name = text.substr(0, colon);
  std::string_view args = text.substr(colon + 1);
  const auto comma = args.find(',');
  const std::string_view first = args.substr(0, comma);
  const std::string_view second =
      comma == std::string_view::npos ? std::string_view{} : args.substr(comma + 1);
  SwingSpec spec;
  if (name == "zigzag") {
    if (comma != std::string_view::npos) {
      return Error(ErrorCode::kInvalidArgument, "zigzag takes one percentage, e.g. zigzag:5%");
    }
    std::string_view pct = first;
    if (!pct.empty() && pct.back() == '%') pct.remove_suffix(1);
    spec.method = SwingSpec::Method::kZigzagPercent;
    OMEGA_ASSIGN_OR_RETURN(spec.percent, parse_positive(pct, "zigzag percentage"));
    if (spec.percent >= 100.0) {
      return Error(ErrorCode::kInvalidArgument, "zigzag percentage must be below 100");
    }
    return spec;
  }
  if (name == "atr") {
    spec.method = SwingSpec::Method::kZigzagAtr;
    OMEGA_ASSIGN_OR_RETURN(spec.atr_multiple, parse_positive(first, "ATR multiple"));
    if (!second.empty()) {
      OMEGA_ASSIGN_OR_RETURN(spec.atr_period, parse_count(second, "ATR period"));
    }
    return spec;
  }
  if (name == "fractal") {
    spec.method = SwingSpec::Method::kFractal;
    OMEGA_ASSIGN_OR_RETURN(spec.left, parse_count(first, "fractal bars"));
    spec.right = spec.left;
    if (!second.empty()) {
      OMEGA_ASSIGN_OR_RETURN(spec.right, parse_count(second, "fractal right bars"));
    }
    return spec;
  }
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown swing detector '{}' (zigzag, atr or fractal)", name));
}

std::vector<Swing> detect_swings(const SwingSpec& spec, std::span<const double> high,
                                 std::span<const double> low, std::span<const double> close) {
  switch (spec.method) {
    case SwingSpec::Method::kZigzagPercent:
      return zigzag_percent(high, low, spec.percent);
    case SwingSpec::Method::kZigzagAtr:
      return zigzag_atr(high, low, close, spec.atr_multiple, spec.atr_period);
    case SwingSpec::Method::kFractal:
      return fractal_pivots(high, low, spec.left, spec.right);
  }
  return {};
}

std::span<const Swing> swings_known_at(std::span<const Swing> swings, std::size_t bar) {
  const auto it =
      std::upper_bound(swings.begin(), swings.end(), bar,
                       [](std::size_t b, const Swing& s) { return b < s.confirmed_index; });
  return swings.first(static_cast<std::size_t>(it - swings.begin()));
}

std::vector<SwingLeg> swing_legs(std::span<const Swing> swings) {
  std::vector<SwingLeg> legs;
  if (swings.empty()) return legs;
  Swing start = swings[0];
  for (std::size_t i = 1; i < swings.size(); ++i) {
    const Swing& s = swings[i];
    if (s.kind == start.kind) {
      // Two highs (or lows) in a row: the more extreme one is the real turning point.
      const bool more_extreme =
          s.kind == SwingKind::kHigh ? s.price >= start.price : s.price <= start.price;
      if (more_extreme) start = s;
      continue;
    }
    legs.push_back({start, s});
    start = s;
  }
  return legs;
}

}  // namespace omega::fib
