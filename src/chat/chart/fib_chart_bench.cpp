// Measures render_fib_chart: a 200-candle chart with the standard levels, to PNG bytes.
#include <benchmark/benchmark.h>

#include "analytics/fibonacci/levels.hpp"
#include "analytics/fibonacci/swing.hpp"
#include "chat/chart/fib_chart.hpp"
#include "data/candle_reader.hpp"

namespace {

using namespace omega;

data::CandleSeries last_rows(std::size_t rows) {
  auto read = data::read_candles(std::string(OMEGA_DATA_DIR) +
                                 "/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
  if (!read.ok()) return data::CandleSeries(2, 0);
  std::vector<std::size_t> idx;
  for (std::size_t i = read->series.size() - rows; i < read->series.size(); ++i) idx.push_back(i);
  return read->series.gather(idx);
}

// The whole chart for a 200-candle view: layout, Cairo drawing and PNG encoding (1200x675).
void BM_RenderFibChart200(benchmark::State& state) {
  const data::CandleSeries series = last_rows(200);
  auto spec = fib::parse_swing_spec("zigzag:3%");
  const auto h = series.to_doubles(data::Column::kHigh);
  const auto l = series.to_doubles(data::Column::kLow);
  const auto c = series.to_doubles(data::Column::kClose);
  const auto legs = fib::swing_legs(fib::detect_swings(*spec, h, l, c));
  if (legs.empty()) {
    state.SkipWithError("no swing leg in the bundled data");
    return;
  }
  const auto levels = fib::fib_levels(legs.back(), fib::RatioSet::standard());
  chart::ChartOptions options;
  options.symbol = "BTC/USDT";
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto png = chart::render_fib_chart(series, levels, legs.back(), options);
    if (!png.ok()) {
      state.SkipWithError("render failed");
      return;
    }
    bytes = png->size();
    benchmark::DoNotOptimize(png->data());
  }
  state.counters["png_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderFibChart200)->Unit(benchmark::kMillisecond);

}  // namespace
