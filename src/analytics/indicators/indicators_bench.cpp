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
#include "analytics/indicators/cci.hpp"
#include "analytics/indicators/dema.hpp"
#include "analytics/indicators/donchian.hpp"
#include "analytics/indicators/ema.hpp"
#include "analytics/indicators/hma.hpp"
#include "analytics/indicators/ichimoku.hpp"
#include "analytics/indicators/keltner.hpp"
#include "analytics/indicators/linreg.hpp"
#include "analytics/indicators/macd.hpp"
#include "analytics/indicators/mfi.hpp"
#include "analytics/indicators/momentum.hpp"
#include "analytics/indicators/natr.hpp"
#include "analytics/indicators/obv.hpp"
#include "analytics/indicators/registry.hpp"
#include "analytics/indicators/rsi.hpp"
#include "analytics/indicators/sar.hpp"
#include "analytics/indicators/sma.hpp"
#include "analytics/indicators/stddev.hpp"
#include "analytics/indicators/stoch.hpp"
#include "analytics/indicators/stoch_rsi.hpp"
#include "analytics/indicators/supertrend.hpp"
#include "analytics/indicators/tema.hpp"
#include "analytics/indicators/true_range.hpp"
#include "analytics/indicators/vwap.hpp"
#include "analytics/indicators/willr.hpp"
#include "analytics/indicators/wma.hpp"

namespace omega::indicators {
namespace {

constexpr std::size_t kBars = 1'000'000;
constexpr std::int64_t kDayNs = 86'400'000'000'000;

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

// Typed kernels: what a caller gets without the registry. Parameters are those of the TA-Lib
// reference files where one exists, the registry defaults otherwise. Every output is stored, so
// the compiler cannot drop work for an unused one.

struct Columns {
  std::vector<double> a = std::vector<double>(kBars);
  std::vector<double> b = std::vector<double>(kBars);
  std::vector<double> c = std::vector<double>(kBars);
  std::vector<double> d = std::vector<double>(kBars);
};

// Times `batch(series, columns)` over the whole walk.
template <typename Batch>
void typed_batch(benchmark::State& state, Batch batch) {
  const Series& s = walk();
  Columns o;
  for (auto _ : state) {
    batch(s, o);
    benchmark::DoNotOptimize(o.a.data());
    benchmark::ClobberMemory();
  }
  per_value(state);
}

// Times a fresh `make()` state fed bar by bar with `step(state, series, i, columns)`.
template <typename Make, typename Step>
void typed_stream(benchmark::State& state, Make make, Step step) {
  const Series& s = walk();
  Columns o;
  for (auto _ : state) {
    auto indicator = make();
    for (std::size_t i = 0; i < kBars; ++i) step(indicator, s, i, o);
    benchmark::DoNotOptimize(o.a.data());
    benchmark::ClobberMemory();
  }
  per_value(state);
}

template <typename Batch, typename Make, typename Step>
void register_typed(const std::string& name, Batch batch, Make make, Step step) {
  benchmark::RegisterBenchmark((name + "/batch").c_str(), [batch](benchmark::State& st) {
    typed_batch(st, batch);
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark((name + "/stream").c_str(), [make, step](benchmark::State& st) {
    typed_stream(st, make, step);
  })->Unit(benchmark::kMillisecond);
}

using S = Series;
using C = Columns;
using I = std::size_t;

void register_typed_benchmarks() {
  register_typed(
      "sma:20", [](const S& s, C& o) { sma(s.close, 20, o.a); }, [] { return Sma(20); },
      [](Sma& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "ema:20", [](const S& s, C& o) { ema(s.close, 20, o.a); }, [] { return Ema(20); },
      [](Ema& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "rsi:14", [](const S& s, C& o) { rsi(s.close, 14, o.a); }, [] { return Rsi(14); },
      [](Rsi& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "macd:12,26,9", [](const S& s, C& o) { macd(s.close, 12, 26, 9, o.a, o.b, o.c); },
      [] { return Macd(12, 26, 9); },
      [](Macd& x, const S& s, I i, C& o) {
        const MacdValue v = x.update(s.close[i]);
        o.a[i] = v.macd;
        o.b[i] = v.signal;
        o.c[i] = v.hist;
      });
  register_typed(
      "atr:14", [](const S& s, C& o) { atr(s.high, s.low, s.close, 14, o.a); },
      [] { return Atr(14); },
      [](Atr& x, const S& s, I i, C& o) { o.a[i] = x.update(s.high[i], s.low[i], s.close[i]); });
  register_typed(
      "bbands:20,2,2", [](const S& s, C& o) { bbands(s.close, 20, 2.0, 2.0, o.a, o.b, o.c); },
      [] { return Bbands(20, 2.0, 2.0); },
      [](Bbands& x, const S& s, I i, C& o) {
        const BbandsValue v = x.update(s.close[i]);
        o.a[i] = v.upper;
        o.b[i] = v.middle;
        o.c[i] = v.lower;
      });
  register_typed(
      "stoch:5,3,3", [](const S& s, C& o) { stoch(s.high, s.low, s.close, 5, 3, 3, o.a, o.b); },
      [] { return Stoch(5, 3, 3); },
      [](Stoch& x, const S& s, I i, C& o) {
        const StochValue v = x.update(s.high[i], s.low[i], s.close[i]);
        o.a[i] = v.k;
        o.b[i] = v.d;
      });
  register_typed(
      "adx:14", [](const S& s, C& o) { adx(s.high, s.low, s.close, 14, o.a, o.b, o.c); },
      [] { return Adx(14); },
      [](Adx& x, const S& s, I i, C& o) {
        const AdxValue v = x.update(s.high[i], s.low[i], s.close[i]);
        o.a[i] = v.adx;
        o.b[i] = v.plus_di;
        o.c[i] = v.minus_di;
      });
  register_typed(
      "trange", [](const S& s, C& o) { true_range(s.high, s.low, s.close, o.a); },
      [] { return TrueRange(); },
      [](TrueRange& x, const S& s, I i, C& o) {
        o.a[i] = x.update(s.high[i], s.low[i], s.close[i]);
      });
  register_typed(
      "natr:14", [](const S& s, C& o) { natr(s.high, s.low, s.close, 14, o.a); },
      [] { return Natr(14); },
      [](Natr& x, const S& s, I i, C& o) { o.a[i] = x.update(s.high[i], s.low[i], s.close[i]); });
  register_typed(
      "wma:30", [](const S& s, C& o) { wma(s.close, 30, o.a); }, [] { return Wma(30); },
      [](Wma& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "dema:30", [](const S& s, C& o) { dema(s.close, 30, o.a); }, [] { return Dema(30); },
      [](Dema& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "tema:30", [](const S& s, C& o) { tema(s.close, 30, o.a); }, [] { return Tema(30); },
      [](Tema& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "hma:9", [](const S& s, C& o) { hma(s.close, 9, o.a); }, [] { return Hma(9); },
      [](Hma& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "stochrsi:14,5,3", [](const S& s, C& o) { stoch_rsi(s.close, 14, 5, 3, o.a, o.b); },
      [] { return StochRsi(14, 5, 3); },
      [](StochRsi& x, const S& s, I i, C& o) {
        const StochValue v = x.update(s.close[i]);
        o.a[i] = v.k;
        o.b[i] = v.d;
      });
  register_typed(
      "cci:14", [](const S& s, C& o) { cci(s.high, s.low, s.close, 14, o.a); },
      [] { return Cci(14); },
      [](Cci& x, const S& s, I i, C& o) { o.a[i] = x.update(s.high[i], s.low[i], s.close[i]); });
  register_typed(
      "mfi:14", [](const S& s, C& o) { mfi(s.high, s.low, s.close, s.volume, 14, o.a); },
      [] { return Mfi(14); },
      [](Mfi& x, const S& s, I i, C& o) {
        o.a[i] = x.update(s.high[i], s.low[i], s.close[i], s.volume[i]);
      });
  register_typed(
      "obv", [](const S& s, C& o) { obv(s.close, s.volume, o.a); }, [] { return Obv(); },
      [](Obv& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i], s.volume[i]); });
  register_typed(
      "vwap:1440",
      [](const S& s, C& o) { vwap(s.ts_ns, s.high, s.low, s.close, s.volume, kDayNs, o.a); },
      [] { return Vwap(kDayNs); },
      [](Vwap& x, const S& s, I i, C& o) {
        o.a[i] = x.update(s.ts_ns[i], s.high[i], s.low[i], s.close[i], s.volume[i]);
      });
  register_typed(
      "willr:14", [](const S& s, C& o) { willr(s.high, s.low, s.close, 14, o.a); },
      [] { return Willr(14); },
      [](Willr& x, const S& s, I i, C& o) { o.a[i] = x.update(s.high[i], s.low[i], s.close[i]); });
  register_typed(
      "roc:10", [](const S& s, C& o) { roc(s.close, 10, o.a); }, [] { return Momentum(10); },
      [](Momentum& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]).roc; });
  register_typed(
      "mom:10", [](const S& s, C& o) { mom(s.close, 10, o.a); }, [] { return Momentum(10); },
      [](Momentum& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]).mom; });
  register_typed(
      "sar:0.02,0.2", [](const S& s, C& o) { sar(s.high, s.low, 0.02, 0.2, o.a); },
      [] { return Sar(0.02, 0.2); },
      [](Sar& x, const S& s, I i, C& o) { o.a[i] = x.update(s.high[i], s.low[i]); });
  register_typed(
      "ichimoku:9,26,52",
      [](const S& s, C& o) { ichimoku(s.high, s.low, 9, 26, 52, o.a, o.b, o.c, o.d); },
      [] { return Ichimoku(9, 26, 52); },
      [](Ichimoku& x, const S& s, I i, C& o) {
        const IchimokuValue v = x.update(s.high[i], s.low[i]);
        o.a[i] = v.tenkan;
        o.b[i] = v.kijun;
        o.c[i] = v.senkou_a;
        o.d[i] = v.senkou_b;
      });
  register_typed(
      "keltner:20,2,10",
      [](const S& s, C& o) { keltner(s.high, s.low, s.close, 20, 2.0, 10, o.a, o.b, o.c); },
      [] { return Keltner(20, 2.0, 10); },
      [](Keltner& x, const S& s, I i, C& o) {
        const ChannelValue v = x.update(s.high[i], s.low[i], s.close[i]);
        o.a[i] = v.upper;
        o.b[i] = v.middle;
        o.c[i] = v.lower;
      });
  register_typed(
      "donchian:20", [](const S& s, C& o) { donchian(s.high, s.low, 20, o.a, o.b, o.c); },
      [] { return Donchian(20); },
      [](Donchian& x, const S& s, I i, C& o) {
        const ChannelValue v = x.update(s.high[i], s.low[i]);
        o.a[i] = v.upper;
        o.b[i] = v.middle;
        o.c[i] = v.lower;
      });
  register_typed(
      "supertrend:10,3",
      [](const S& s, C& o) { supertrend(s.high, s.low, s.close, 10, 3.0, o.a, o.b); },
      [] { return Supertrend(10, 3.0); },
      [](Supertrend& x, const S& s, I i, C& o) {
        const SupertrendValue v = x.update(s.high[i], s.low[i], s.close[i]);
        o.a[i] = v.value;
        o.b[i] = v.direction;
      });
  register_typed(
      "stddev:5,1", [](const S& s, C& o) { stddev(s.close, 5, 1.0, o.a); },
      [] { return Stddev(5, 1.0); },
      [](Stddev& x, const S& s, I i, C& o) { o.a[i] = x.update(s.close[i]); });
  register_typed(
      "linreg:14", [](const S& s, C& o) { linreg(s.close, 14, o.a, o.b); },
      [] { return Linreg(14); },
      [](Linreg& x, const S& s, I i, C& o) {
        const LinregValue v = x.update(s.close[i]);
        o.a[i] = v.value;
        o.b[i] = v.slope;
      });
}

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
  register_typed_benchmarks();
  for (const auto& entry : registered_indicators()) {
    const std::string spec(entry.name);
    benchmark::RegisterBenchmark(("registry/" + spec + "/batch").c_str(), registry_batch, spec)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("registry/" + spec + "/stream").c_str(), registry_stream, spec)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace omega::indicators
