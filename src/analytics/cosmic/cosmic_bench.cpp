// Benchmarks of the cosmic service: full current_factors evaluations and the phase search.
#include <benchmark/benchmark.h>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "analytics/cosmic/ephemeris.hpp"
#include "analytics/cosmic/moon_phase.hpp"
#include "analytics/cosmic/retrograde.hpp"

namespace omega::cosmic {
namespace {

// Every iteration asks for a new minute, so nothing is served from the cache.
void BM_CurrentFactorsUncached(benchmark::State& state) {
  CosmicFactorService service;
  Timestamp t = parse_iso8601("2024-01-01T00:00:00Z").value();
  for (auto _ : state) {
    benchmark::DoNotOptimize(service.current_factors(t));
    t += std::chrono::minutes(7);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CurrentFactorsUncached)->Unit(benchmark::kMillisecond);

void BM_CurrentFactorsCached(benchmark::State& state) {
  CosmicFactorService service;
  const Timestamp t = parse_iso8601("2024-01-01T00:00:00Z").value();
  (void)service.current_factors(t);
  for (auto _ : state) {
    benchmark::DoNotOptimize(service.current_factors(t));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CurrentFactorsCached);

void BM_ApparentPosition(benchmark::State& state) {
  const auto body = static_cast<Body>(state.range(0));
  double jd = 2460000.5;
  for (auto _ : state) {
    benchmark::DoNotOptimize(apparent_position(body, jd));
    jd += 0.37;
  }
  state.SetLabel(std::string(to_string(body)));
}
BENCHMARK(BM_ApparentPosition)->DenseRange(0, 9)->Unit(benchmark::kMicrosecond);

// 1990-01-01 to 2026-01-01: 36 years, about 1,780 principal phases.
void BM_PhaseSearch36Years(benchmark::State& state) {
  std::size_t found = 0;
  for (auto _ : state) {
    const auto phases = find_moon_phases(2447892.5, 2461041.5);
    found = phases.size();
    benchmark::DoNotOptimize(phases.data());
  }
  state.counters["phases"] = static_cast<double>(found);
}
BENCHMARK(BM_PhaseSearch36Years)->Unit(benchmark::kSecond)->Iterations(1);

void BM_MercuryStations36Years(benchmark::State& state) {
  std::size_t found = 0;
  for (auto _ : state) {
    const auto stations = find_stations(Body::kMercury, 2447892.5, 2461041.5);
    found = stations.size();
    benchmark::DoNotOptimize(stations.data());
  }
  state.counters["stations"] = static_cast<double>(found);
}
BENCHMARK(BM_MercuryStations36Years)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace omega::cosmic
