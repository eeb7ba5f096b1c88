// Benchmarks swing detection and level building on 1,000,000 bars of a seeded random walk.
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "analytics/fibonacci/confluence.hpp"
#include "analytics/fibonacci/fractal.hpp"
#include "analytics/fibonacci/zigzag.hpp"

namespace {

constexpr std::size_t kBars = 1'000'000;

struct Bars {
  std::vector<double> high, low, close;
};

const Bars& bars() {
  static const Bars cached = [] {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> step(0.0, 0.004);
    std::uniform_real_distribution<double> wick(0.0, 0.003);
    Bars b;
    double price = 30000.0;
    for (std::size_t i = 0; i < kBars; ++i) {
      const double open = price;
      price *= std::exp(step(rng));
      b.high.push_back(std::max(open, price) * (1.0 + wick(rng)));
      b.low.push_back(std::min(open, price) * (1.0 - wick(rng)));
      b.close.push_back(price);
    }
    return b;
  }();
  return cached;
}

void report(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kBars));
  state.counters["ns_per_bar"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kBars),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ZigzagPercent(benchmark::State& state) {
  const Bars& b = bars();
  for (auto _ : state) benchmark::DoNotOptimize(omega::fib::zigzag_percent(b.high, b.low, 2.0));
  report(state);
}
BENCHMARK(BM_ZigzagPercent)->Unit(benchmark::kMillisecond);

void BM_ZigzagAtr(benchmark::State& state) {
  const Bars& b = bars();
  for (auto _ : state) {
    benchmark::DoNotOptimize(omega::fib::zigzag_atr(b.high, b.low, b.close, 3.0, 14));
  }
  report(state);
}
BENCHMARK(BM_ZigzagAtr)->Unit(benchmark::kMillisecond);

void BM_Fractal5(benchmark::State& state) {
  const Bars& b = bars();
  for (auto _ : state) benchmark::DoNotOptimize(omega::fib::fractal_pivots(b.high, b.low, 5, 5));
  report(state);
}
BENCHMARK(BM_Fractal5)->Unit(benchmark::kMillisecond);

void BM_ConfluenceOfAllLegs(benchmark::State& state) {
  const Bars& b = bars();
  const auto swings = omega::fib::zigzag_percent(b.high, b.low, 2.0);
  const auto legs = omega::fib::swing_legs(swings);
  const auto levels = omega::fib::sourced_levels(legs, omega::fib::RatioSet::standard());
  for (auto _ : state) benchmark::DoNotOptimize(omega::fib::find_confluence(levels));
  state.counters["levels"] = static_cast<double>(levels.size());
}
BENCHMARK(BM_ConfluenceOfAllLegs)->Unit(benchmark::kMillisecond);

}  // namespace
