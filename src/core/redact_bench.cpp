#include <string>

#include <benchmark/benchmark.h>

#include "core/redact.hpp"

namespace {

// A typical log line with nothing to mask: the cost every line pays.
void BM_RedactCleanLine(benchmark::State& state) {
  omega::clear_registered_secrets();
  for (int i = 0; i < state.range(0); ++i) {
    omega::register_secret("registered-secret-value-" + std::to_string(i));
  }
  const std::string line =
      "2026-01-02T12:30:00Z order filled bot=fib-01 symbol=BTC/USDT:USDT side=buy price=64123.5 "
      "qty=0.25 fee=0.0125 latency_ms=42";
  std::string out;
  for (auto _ : state) benchmark::DoNotOptimize(omega::redact_into(line, out));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(line.size()));
}
BENCHMARK(BM_RedactCleanLine)->Arg(0)->Arg(4)->Arg(16);

// A line with a header to mask and a registered secret.
void BM_RedactDirtyLine(benchmark::State& state) {
  omega::clear_registered_secrets();
  omega::register_secret("registered-secret-value");
  const std::string line =
      "POST /api/v2/mix/order/place-order ACCESS-KEY: bg_abc ACCESS-SIGN: q1w2e3r4t5== "
      "body={\"note\":\"registered-secret-value\"}";
  std::string out;
  for (auto _ : state) benchmark::DoNotOptimize(omega::redact_into(line, out));
}
BENCHMARK(BM_RedactDirtyLine);

}  // namespace
