#include "analytics/cosmic/cosmic_factor_service.hpp"

#include <algorithm>
#include <cmath>

#include "analytics/cosmic/retrograde.hpp"
#include "analytics/cosmic/time_scales.hpp"

namespace omega::cosmic {

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kMoonPhase:
      return "moon_phase";
    case EventKind::kStation:
      return "station";
    case EventKind::kExactAspect:
      return "exact_aspect";
    case EventKind::kIngress:
      return "ingress";
  }
  OMEGA_UNREACHABLE("unknown EventKind");
}

CosmicFactorService::CosmicFactorService(CosmicServiceConfig config) : config_(std::move(config)) {
  OMEGA_ASSERT(config_.cache_resolution.count() > 0, "cache resolution must be positive");
}

CosmicFactors CosmicFactorService::compute(Timestamp t) const {
  CosmicFactors f;
  f.at = t;
  f.jd_tt = jd_tt_from_utc(t);
  std::vector<BodyState> states;
  states.reserve(kBodyCount);
  for (std::size_t i = 0; i < kBodyCount; ++i) {
    f.bodies[i] = body_state(kAllBodies[i], f.jd_tt);
    f.signs[i] = static_cast<int>(std::floor(f.bodies[i].position.lon_deg / 30.0)) % 12;
    states.push_back(f.bodies[i]);
  }
  f.moon = moon_phase_from(f.body(Body::kMoon).position, f.body(Body::kSun).position, f.jd_tt);
  f.aspects = aspects_from_states(states, config_.orbs);
  f.mercury_retrograde = f.body(Body::kMercury).retrograde();
  return f;
}

CosmicFactors CosmicFactorService::current_factors(Timestamp t) {
  const std::int64_t resolution = config_.cache_resolution.count();
  const std::int64_t key = Timestamp::floor_div(t.ns(), resolution);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      return it->second;
    }
  }
  // Computed outside the lock: it takes milliseconds and other instants need not wait.
  CosmicFactors f = compute(Timestamp(key * resolution));
  std::lock_guard<std::mutex> lock(mutex_);
  if (cache_.emplace(key, f).second) {
    insertion_order_.push_back(key);
    while (insertion_order_.size() > config_.cache_capacity) {
      cache_.erase(insertion_order_.front());
      insertion_order_.pop_front();
    }
  }
  return f;
}

bool CosmicFactorService::is_mercury_retrograde(Timestamp t) {
  return current_factors(t).mercury_retrograde;
}

MoonPhase CosmicFactorService::moon_phase(Timestamp t) {
  return current_factors(t).moon;
}

Result<std::vector<CosmicEvent>> CosmicFactorService::events(Timestamp from, Timestamp to) const {
  if (to < from) {
    return Error(ErrorCode::kInvalidArgument, "events: 'to' is before 'from'");
  }
  if (to - from > config_.max_event_range) {
    return Error(ErrorCode::kOutOfRange,
                 "events: range longer than " + format_duration(config_.max_event_range));
  }
  const double a = jd_tt_from_utc(from);
  const double b = jd_tt_from_utc(to);
  std::vector<CosmicEvent> out;
  for (const PhaseEvent& p : find_moon_phases(a, b)) {
    out.push_back({EventKind::kMoonPhase, p.utc, p.jd_tt, std::string(to_string(p.phase))});
  }
  for (Body body : config_.event_bodies) {
    if (can_retrograde(body)) {
      for (const Station& s : find_stations(body, a, b)) {
        out.push_back({EventKind::kStation, s.utc, s.jd_tt,
                       std::string(to_string(body)) + " " + std::string(to_string(s.kind))});
      }
    }
    for (const Ingress& in : find_ingresses(body, a, b)) {
      out.push_back({EventKind::kIngress, in.utc, in.jd_tt,
                     std::string(to_string(body)) + " enters " + std::string(sign_name(in.sign)) +
                         (in.retrograde ? " (retrograde)" : "")});
    }
  }
  for (const AspectEvent& e : find_exact_aspects(a, b, config_.event_bodies)) {
    out.push_back({EventKind::kExactAspect, e.utc, e.jd_tt,
                   std::string(to_string(e.first)) + " " + std::string(to_string(e.kind)) + " " +
                       std::string(to_string(e.second))});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const CosmicEvent& x, const CosmicEvent& y) { return x.jd_tt < y.jd_tt; });
  return out;
}

std::size_t CosmicFactorService::cache_size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cache_.size();
}

}  // namespace omega::cosmic
