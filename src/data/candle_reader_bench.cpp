// Benchmarks CSV candle import from memory (the parse alone; decompression excluded).
#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>

#include "data/atomic_file.hpp"
#include "data/candle_reader.hpp"
#include "data/file_content.hpp"

namespace omega::data {
namespace {

const std::string& one_minute_csv() {
  static const std::string text = [] {
    auto r = load_file_content(std::string(OMEGA_DATA_DIR) +
                               "/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz");
    return r.ok() ? *r : std::string();
  }();
  return text;
}

void run(benchmark::State& state, const ReadOptions& options) {
  const std::string& text = one_minute_csv();
  if (text.empty()) {
    state.SkipWithError("bundled 1m file not found");
    return;
  }
  std::size_t rows = 0;
  for (auto _ : state) {
    auto r = parse_candles(text, "1m.csv", options);
    if (!r.ok()) {
      state.SkipWithError(r.error().to_string().c_str());
      return;
    }
    rows = r->series.size();
    benchmark::DoNotOptimize(r->series.close_raw().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(state.iterations() * rows),
                                                benchmark::Counter::kIsRate);
}

// Precision inferred from the data: two passes (digit scan, then parse).
void csv_import_inferred_precision(benchmark::State& state) {
  run(state, ReadOptions{});
}
BENCHMARK(csv_import_inferred_precision)->Unit(benchmark::kMillisecond);

// Precision and layout given: one parse pass, the configuration for bulk imports.
void csv_import_explicit_precision(benchmark::State& state) {
  ReadOptions options;
  options.format = CandleFormat::kOmegaCsv;
  options.time_unit = TimeUnit::kMillis;
  options.price_precision = 2;
  options.volume_precision = 6;
  run(state, options);
}
BENCHMARK(csv_import_explicit_precision)->Unit(benchmark::kMillisecond);

// Load from disk including gunzip, for scale.
void gzip_file_import(benchmark::State& state) {
  const std::string path =
      std::string(OMEGA_DATA_DIR) + "/market/binance_btcusdt_1m_2025-05-20_2025-08-18.csv.gz";
  for (auto _ : state) {
    auto r = read_candles(path);
    benchmark::DoNotOptimize(r.ok());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * one_minute_csv().size()));
}
BENCHMARK(gzip_file_import)->Unit(benchmark::kMillisecond);

// Plain CSV on disk through read_candles: mmap + parse (page cache warm).
void plain_file_import(benchmark::State& state) {
  const std::string path = "/tmp/omega_data_bench_1m.csv";
  if (!write_file_atomic(path, one_minute_csv()).ok()) {
    state.SkipWithError("cannot write the plain CSV copy");
    return;
  }
  for (auto _ : state) {
    auto r = read_candles(path);
    benchmark::DoNotOptimize(r.ok());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * one_minute_csv().size()));
  std::remove(path.c_str());
}
BENCHMARK(plain_file_import)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace omega::data
