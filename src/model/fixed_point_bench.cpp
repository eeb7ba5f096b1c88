// Benchmarks Price parsing: the per-field cost of every market-data reader.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "model/fixed_point.hpp"

namespace omega {
namespace {

// Prices as Binance writes them: USD-M "61800.20" (2 digits) or spot "61837.63000000" (8).
std::vector<std::string> make_prices(int written_digits) {
  std::mt19937_64 rng(20240808);
  std::vector<std::string> out;
  out.reserve(4096);
  for (int i = 0; i < 4096; ++i) {
    const std::int64_t cents = 5'000'000 + static_cast<std::int64_t>(rng() % 2'000'000);
    out.push_back(format_decimal(cents * pow10_i64(written_digits - 2), written_digits));
  }
  return out;
}

void BM_PriceTryParse(benchmark::State& state) {
  const auto prices = make_prices(static_cast<int>(state.range(0)));
  std::size_t i = 0;
  for (auto _ : state) {
    Price p;
    const bool ok = Price::try_parse(prices[i++ & 4095], 2, p);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(p);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_PriceTryParse)->Arg(2)->Arg(8);

void BM_PriceParseResult(benchmark::State& state) {
  const auto prices = make_prices(static_cast<int>(state.range(0)));
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = Price::parse(prices[i++ & 4095], 2);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_PriceParseResult)->Arg(2)->Arg(8);

void BM_PriceAdd(benchmark::State& state) {
  const auto prices = make_prices(2);
  std::vector<Price> values;
  for (const auto& s : prices) values.push_back(Price::parse(s, 2).value());
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = values[i & 4095].add(values[(i + 1) & 4095]);
    ++i;
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_PriceAdd);

}  // namespace
}  // namespace omega
