// Benchmarks every indicator on 1,000,000 bars of a seeded random walk: ns per value for the
// typed batch kernels and streaming states, and for the registry's type-erased forms.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analytics/indicators/adx.hpp"
#include "analytics/indicators/atr.hpp"
#include "analytics/indicators/bbands.hpp"
#include "analytics/indicators/ema.hpp"
#include "analytics/indicators/macd.hpp"
#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/indicators/sma.hpp"
#include "analytics/indicators/stoch.hpp"

namespace omega::indicators {
namespace {

constexpr std::size_t kBars = 1'000'000;

struct Series {
  std::vector<std::int64_t> ts_ns;
  std::vector<double> open, high, low, close, volume;
  BarColumns columns() const { return {ts_ns, open, high, low, close, volume}; }
};

// Returns the same seeded random walk on every call, so runs are comparable.
const Series& walk() {
  static const Series series = [] {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step(0.0, 0.01);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Series s;
    double price = 100.0;
    for (std::size_t i = 0; i < kBars; ++i) {
      const double open = price;
      price *= std::exp(step(rng));
      s.ts_ns.push_back(static_cast<std::int64_t>(i) * 3'600'000'000'000);
      s.open.push_back(open);
      s.close.push_back(price);
      s.high.push_back(std::max(open, price) * (1.0 + 0.005 * unit(rng)));
      s.low.push_back(std::min(open, price) * (1.0 - 0.005 * unit(rng)));
      s.volume.push_back(1.0 + 100.0 * unit(rng));
    }
    return s;
  }();
  return series;
}

void per_value(benchmark::State& state) {
  // Seconds per value, printed with an SI prefix ("1.1ns").
  state.counters["per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kBars),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Typed kernels: what a caller gets without the registry.

void sma_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    sma(s.close, 20, out);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void sma_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    Sma st(20);
    for (std::size_t i = 0; i < kBars; ++i) out[i] = st.update(s.close[i]);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void ema_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    ema(s.close, 20, out);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void ema_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    Ema st(20);
    for (std::size_t i = 0; i < kBars; ++i) out[i] = st.update(s.close[i]);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void rsi_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    rsi(s.close, 14, out);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void rsi_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    Rsi st(14);
    for (std::size_t i = 0; i < kBars; ++i) out[i] = st.update(s.close[i]);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void macd_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), b(kBars), c(kBars);
  for (auto _ : state) {
    macd(s.close, 12, 26, 9, a, b, c);
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}
void macd_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), b(kBars), c(kBars);
  for (auto _ : state) {
    Macd st(12, 26, 9);
    for (std::size_t i = 0; i < kBars; ++i) {
      const MacdValue v = st.update(s.close[i]);
      a[i] = v.macd;
      b[i] = v.signal;
      c[i] = v.hist;
    }
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}
void atr_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    atr(s.high, s.low, s.close, 14, out);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void atr_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> out(kBars);
  for (auto _ : state) {
    Atr st(14);
    for (std::size_t i = 0; i < kBars; ++i) out[i] = st.update(s.high[i], s.low[i], s.close[i]);
    benchmark::DoNotOptimize(out.data());
  }
  per_value(state);
}
void bbands_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), b(kBars), c(kBars);
  for (auto _ : state) {
    bbands(s.close, 20, 2.0, 2.0, a, b, c);
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}
void bbands_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), b(kBars), c(kBars);
  for (auto _ : state) {
    Bbands st(20, 2.0, 2.0);
    for (std::size_t i = 0; i < kBars; ++i) {
      const BbandsValue v = st.update(s.close[i]);
      a[i] = v.upper;
      b[i] = v.middle;
      c[i] = v.lower;
    }
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}
void stoch_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> k(kBars), d(kBars);
  for (auto _ : state) {
    stoch(s.high, s.low, s.close, 5, 3, 3, k, d);
    benchmark::DoNotOptimize(k.data());
  }
  per_value(state);
}
void stoch_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> k(kBars), d(kBars);
  for (auto _ : state) {
    Stoch st(5, 3, 3);
    for (std::size_t i = 0; i < kBars; ++i) {
      const StochValue v = st.update(s.high[i], s.low[i], s.close[i]);
      k[i] = v.k;
      d[i] = v.d;
    }
    benchmark::DoNotOptimize(k.data());
  }
  per_value(state);
}
void adx_batch(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), p(kBars), m(kBars);
  for (auto _ : state) {
    adx(s.high, s.low, s.close, 14, a, p, m);
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}
void adx_stream(benchmark::State& state) {
  const auto& s = walk();
  std::vector<double> a(kBars), p(kBars), m(kBars);
  for (auto _ : state) {
    Adx st(14);
    for (std::size_t i = 0; i < kBars; ++i) {
      const AdxValue v = st.update(s.high[i], s.low[i], s.close[i]);
      a[i] = v.adx;
      p[i] = v.plus_di;
      m[i] = v.minus_di;
    }
    benchmark::DoNotOptimize(a.data());
  }
  per_value(state);
}

BENCHMARK(sma_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(sma_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(ema_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(ema_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(rsi_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(rsi_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(macd_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(macd_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(atr_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(atr_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(bbands_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(bbands_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(stoch_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(stoch_stream)->Unit(benchmark::kMillisecond);
BENCHMARK(adx_batch)->Unit(benchmark::kMillisecond);
BENCHMARK(adx_stream)->Unit(benchmark::kMillisecond);

// Registry forms, for every registered indicator at its default parameters: the cost a bot
// pays for asking by name (virtual dispatch, NaN poisoning checks, Bar assembly).

void registry_batch(benchmark::State& state, const std::string& spec) {
  auto made = make_indicator(spec);
  if (!made.ok()) {
    state.SkipWithError(made.error().to_string().c_str());
    return;
  }
  const BarColumns in = walk().columns();
  std::vector<std::vector<double>> columns((*made)->output_count(), std::vector<double>(kBars));
  std::vector<std::span<double>> out(columns.begin(), columns.end());
  for (auto _ : state) {
    (*made)->compute(in, out);
    benchmark::DoNotOptimize(columns[0].data());
  }
  per_value(state);
}

void registry_stream(benchmark::State& state, const std::string& spec) {
  auto made = make_indicator(spec);
  if (!made.ok()) {
    state.SkipWithError(made.error().to_string().c_str());
    return;
  }
  Indicator& indicator = **made;
  const BarColumns in = walk().columns();
  std::vector<std::vector<double>> columns(indicator.output_count(), std::vector<double>(kBars));
  std::vector<double> row(indicator.output_count());
  for (auto _ : state) {
    indicator.reset();
    for (std::size_t i = 0; i < kBars; ++i) {
      indicator.update(in.at(i), row);
      for (std::size_t k = 0; k < row.size(); ++k) columns[k][i] = row[k];
    }
    benchmark::DoNotOptimize(columns[0].data());
  }
  per_value(state);
}

const bool kRegistered = [] {
  for (const auto& entry : registered_indicators()) {
    const std::string spec(entry.name);
    benchmark::RegisterBenchmark(("registry_batch/" + spec).c_str(), registry_batch, spec)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("registry_stream/" + spec).c_str(), registry_stream, spec)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace omega::indicators
