// Provides CosmicFactorService: the farm's service for cosmic factors at an instant (positions,
// speeds, signs, Moon phase, aspects, retrogrades) and for event lists, with a bounded cache.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analytics/cosmic/aspects.hpp"
#include "analytics/cosmic/body.hpp"
#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/moon_phase.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace omega::cosmic {

// Everything the cosmic module knows about one instant.
struct CosmicFactors {
  Timestamp at;  // the (cache-quantised) instant, UTC
  double jd_tt = 0.0;
  std::array<BodyState, kBodyCount> bodies;  // in kAllBodies order
  std::array<int, kBodyCount> signs{};       // zodiac sign of each body, 0 = Aries
  MoonPhase moon;
  std::vector<Aspect> aspects;  // among all bodies, within the configured orbs
  bool mercury_retrograde = false;
  // Returns the state of one body.
  const BodyState& body(Body b) const { return bodies[static_cast<std::size_t>(b)]; }
};

// What kind of instant an event marks.
enum class EventKind : std::uint8_t { kMoonPhase, kStation, kExactAspect, kIngress };

// Returns "moon_phase", "station", "exact_aspect" or "ingress".
std::string_view to_string(EventKind kind);

// One dated event, with a short machine-readable label such as "full_moon",
// "mercury station_retrograde", "sun square saturn" or "mars enters gemini".
struct CosmicEvent {
  EventKind kind = EventKind::kMoonPhase;
  Timestamp utc;
  double jd_tt = 0.0;
  std::string label;
};

// Tunes the service.
struct CosmicServiceConfig {
  Duration cache_resolution = std::chrono::minutes(1);  // instants closer than this share an entry
  std::size_t cache_capacity = 4096;                    // oldest entries are evicted beyond this
  AspectOrbs orbs;
  // Bodies whose exact aspects and ingresses events() lists; the Moon is left out by default
  // because it makes several aspects a day.
  std::vector<Body> event_bodies = {Body::kSun,    Body::kMercury, Body::kVenus,
                                    Body::kMars,   Body::kJupiter, Body::kSaturn,
                                    Body::kUranus, Body::kNeptune, Body::kPluto};
  Duration max_event_range = std::chrono::hours(24 * 366 * 50);
};

// Computes and caches cosmic factors; safe to call from several threads.
class CosmicFactorService {
 public:
  explicit CosmicFactorService(CosmicServiceConfig config = {});

  // Returns every factor at `t` (quantised to the cache resolution).
  CosmicFactors current_factors(Timestamp t);

  // Returns true when Mercury's apparent longitude decreases at `t`.
  bool is_mercury_retrograde(Timestamp t);

  // Returns the Moon's phase at `t`.
  MoonPhase moon_phase(Timestamp t);

  // Returns Moon phases, stations, exact aspects and ingresses in [from, to], in time order;
  // fails when the range is reversed or longer than the configured maximum.
  Result<std::vector<CosmicEvent>> events(Timestamp from, Timestamp to) const;

  // Returns how many instants the cache holds.
  std::size_t cache_size() const;

 private:
  CosmicFactors compute(Timestamp t) const;

  CosmicServiceConfig config_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, CosmicFactors> cache_;
  std::deque<std::int64_t> insertion_order_;
};

}  // namespace omega::cosmic
