// Provides aspects between bodies (conjunction, sextile, square, trine, opposition) with
// configurable orbs, the exact instants of aspects, and zodiac sign ingresses.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "analytics/cosmic/body.hpp"
#include "analytics/cosmic/ephemeris.hpp"
#include "core/time.hpp"

namespace omega::cosmic {

// A major aspect: a separation in ecliptic longitude that astrologers name.
enum class AspectKind : std::uint8_t { kConjunction, kSextile, kSquare, kTrine, kOpposition };

inline constexpr std::array<AspectKind, 5> kAllAspects = {
    AspectKind::kConjunction, AspectKind::kSextile, AspectKind::kSquare, AspectKind::kTrine,
    AspectKind::kOpposition};

// Returns "conjunction", "sextile", ...
std::string_view to_string(AspectKind kind);

// Returns the exact separation of an aspect in degrees (0, 60, 90, 120, 180).
double aspect_angle_deg(AspectKind kind);

// The allowed deviation from exact for each aspect, in degrees.
struct AspectOrbs {
  std::array<double, 5> orb_deg = {8.0, 4.0, 6.0, 6.0, 8.0};
  double orb(AspectKind kind) const { return orb_deg[static_cast<std::size_t>(kind)]; }
};

// An aspect in force at one instant.
struct Aspect {
  Body first = Body::kSun;
  Body second = Body::kMoon;
  AspectKind kind = AspectKind::kConjunction;
  double separation_deg = 0.0;  // actual separation in [0, 180]
  double orb_deg = 0.0;         // |separation - exact angle|
  bool applying = false;        // true while the orb shrinks
};

// An exact aspect: the instant the separation equals the aspect's angle.
struct AspectEvent {
  Body first = Body::kSun;
  Body second = Body::kMoon;
  AspectKind kind = AspectKind::kConjunction;
  double jd_tt = 0.0;
  Timestamp utc;
};

// A body entering a zodiac sign (its apparent longitude crossing a multiple of 30 degrees).
struct Ingress {
  Body body = Body::kSun;
  int sign = 0;  // 0 = Aries ... 11 = Pisces
  bool retrograde = false;
  double jd_tt = 0.0;
  Timestamp utc;
};

// Returns the name of a zodiac sign, 0 = "aries" ... 11 = "pisces".
std::string_view sign_name(int sign);

// Returns the aspects in force at a Julian date in TT among `bodies` within the orbs.
std::vector<Aspect> aspects_at(double jd_tt, const std::vector<Body>& bodies,
                               const AspectOrbs& orbs = {});

// Returns the aspects in force among bodies whose states are known (no new ephemeris calls);
// applying/separating comes from the longitude speeds.
std::vector<Aspect> aspects_from_states(const std::vector<BodyState>& states,
                                        const AspectOrbs& orbs = {});

// Returns every exact aspect among `bodies` in [from, to], in time order.
std::vector<AspectEvent> find_exact_aspects(double jd_tt_from, double jd_tt_to,
                                            const std::vector<Body>& bodies);

// Returns every sign ingress of `body` in [from, to], in time order.
std::vector<Ingress> find_ingresses(Body body, double jd_tt_from, double jd_tt_to);

}  // namespace omega::cosmic
