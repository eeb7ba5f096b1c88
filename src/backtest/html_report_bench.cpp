// report.html generation time and page size for long runs (docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include "backtest/html_report.hpp"
#include "backtest/report_testing.hpp"

namespace omega::backtest {
namespace {

// Renders the page of a run of state.range(0) one-minute bars (a trade every 500 bars, a
// Fibonacci setup every 250).
void BM_RenderHtmlReport(benchmark::State& state) {
  const auto bars = static_cast<std::size_t>(state.range(0));
  const auto run = testing::make_synthetic_run(bars);
  ReportInfo info;
  info.bot = "fibonacci_trader";
  info.symbol = "BTC/USDT";
  info.data_file = "synthetic";
  std::size_t page_bytes = 0;
  for (auto _ : state) {
    const std::string page = render_html_report(info, run.result, BacktestMetrics{}, run.bars);
    page_bytes = page.size();
    benchmark::DoNotOptimize(page.data());
  }
  state.counters["page_MB"] = static_cast<double>(page_bytes) / 1e6;
  state.counters["bars/s"] = benchmark::Counter(static_cast<double>(bars) * state.iterations(),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RenderHtmlReport)
    ->Arg(10'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace omega::backtest
