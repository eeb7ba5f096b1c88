#include "analytics/cosmic/cosmic_labels.hpp"

#include <array>
#include <cmath>
#include <unordered_map>

#include "analytics/cosmic/aspects.hpp"
#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/moon_phase.hpp"
#include "analytics/cosmic/time_scales.hpp"
#include "core/time.hpp"

namespace omega::cosmic {

namespace {

constexpr std::array<Body, 3> kRetrogradeBodies = {Body::kMercury, Body::kVenus, Body::kMars};
constexpr std::array<Body, 6> kAspectBodies = {Body::kSun,  Body::kMercury, Body::kVenus,
                                               Body::kMars, Body::kJupiter, Body::kSaturn};
constexpr std::size_t kPhaseBins = 8;
constexpr std::size_t kFactorCount = kPhaseBins + kRetrogradeBodies.size() + kAllAspects.size();

using Flags = std::array<std::uint8_t, kFactorCount>;

Flags flags_at(double jd_tt) {
  Flags flags{};
  const double elong =
      normalize_degrees(apparent_position(Body::kMoon, jd_tt, Precision::kFast).lon_deg -
                        apparent_position(Body::kSun, jd_tt, Precision::kFast).lon_deg);
  const auto bin = static_cast<std::size_t>(std::floor(normalize_degrees(elong + 22.5) / 45.0));
  flags[bin % kPhaseBins] = 1;
  for (std::size_t i = 0; i < kRetrogradeBodies.size(); ++i) {
    flags[kPhaseBins + i] =
        longitude_speed(kRetrogradeBodies[i], jd_tt, Precision::kFast) < 0.0 ? 1 : 0;
  }
  std::array<double, kAspectBodies.size()> lon{};
  for (std::size_t i = 0; i < kAspectBodies.size(); ++i) {
    lon[i] = apparent_position(kAspectBodies[i], jd_tt, Precision::kFast).lon_deg;
  }
  const AspectOrbs orbs;
  for (std::size_t i = 0; i < lon.size(); ++i) {
    for (std::size_t j = i + 1; j < lon.size(); ++j) {
      const double sep = std::abs(signed_degrees(lon[i] - lon[j]));
      for (std::size_t k = 0; k < kAllAspects.size(); ++k) {
        if (std::abs(sep - aspect_angle_deg(kAllAspects[k])) <= orbs.orb(kAllAspects[k])) {
          flags[kPhaseBins + kRetrogradeBodies.size() + k] = 1;
        }
      }
    }
  }
  return flags;
}

}  // namespace

std::vector<FactorMask> cosmic_factor_masks(std::span<const std::int64_t> bar_open_ns) {
  std::vector<FactorMask> masks(kFactorCount);
  for (std::size_t b = 0; b < kPhaseBins; ++b) {
    masks[b].name = "moon_phase=" + std::string(to_string(static_cast<MoonPhaseName>(b)));
  }
  for (std::size_t i = 0; i < kRetrogradeBodies.size(); ++i) {
    masks[kPhaseBins + i].name = std::string(to_string(kRetrogradeBodies[i])) + "_retrograde";
  }
  for (std::size_t k = 0; k < kAllAspects.size(); ++k) {
    masks[kPhaseBins + kRetrogradeBodies.size() + k].name =
        "aspect=" + std::string(to_string(kAllAspects[k]));
  }
  for (FactorMask& m : masks) {
    m.in.resize(bar_open_ns.size());
  }
  std::unordered_map<std::int64_t, Flags> by_hour;
  for (std::size_t i = 0; i < bar_open_ns.size(); ++i) {
    const std::int64_t hour = Timestamp::floor_div(bar_open_ns[i], kNanosPerHour);
    auto it = by_hour.find(hour);
    if (it == by_hour.end()) {
      it = by_hour.emplace(hour, flags_at(jd_tt_from_utc(Timestamp(hour * kNanosPerHour)))).first;
    }
    for (std::size_t f = 0; f < kFactorCount; ++f) {
      masks[f].in[i] = it->second[f];
    }
  }
  return masks;
}

}  // namespace omega::cosmic
