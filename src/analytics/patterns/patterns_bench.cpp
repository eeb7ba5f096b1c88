// Benchmarks every candlestick pattern on 1,000,000 bars of a seeded random walk.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "analytics/patterns/pattern_registry.hpp"

namespace {

constexpr std::size_t kBars = 1'000'000;

struct Bars {
  std::vector<double> open, high, low, close;
};

const Bars& bars() {
  static const Bars cached = [] {
    std::mt19937_64 rng(11);
    std::normal_distribution<double> step(0.0, 0.004);
    std::uniform_real_distribution<double> wick(0.0, 0.003);
    Bars b;
    double price = 30000.0;
    for (std::size_t i = 0; i < kBars; ++i) {
      // Round to cents as exchange prices are, so equal opens and closes occur.
      const double open = price;
      price = std::round(price * std::exp(step(rng)) * 100.0) / 100.0;
      b.open.push_back(open);
      b.high.push_back(std::round(std::max(open, price) * (1.0 + wick(rng)) * 100.0) / 100.0);
      b.low.push_back(std::round(std::min(open, price) * (1.0 - wick(rng)) * 100.0) / 100.0);
      b.close.push_back(price);
    }
    return b;
  }();
  return cached;
}

void BM_Pattern(benchmark::State& state) {
  const auto pattern = static_cast<omega::patterns::Pattern>(state.range(0));
  state.SetLabel(std::string(omega::patterns::to_string(pattern)));
  const Bars& b = bars();
  const omega::patterns::OhlcSpans spans{b.open, b.high, b.low, b.close};
  std::vector<int> out(kBars);
  for (auto _ : state) {
    omega::patterns::run_pattern(pattern, spans, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_bar"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kBars),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_Pattern)->DenseRange(0, 18)->Unit(benchmark::kMillisecond);

}  // namespace
