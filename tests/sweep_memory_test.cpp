// Memory stays flat in a sweep: the allocator's high-water mark while sweeping N runs and while
// sweeping 10 N runs (and reading the sorted table back) differs by less than a bound far
// below what keeping anything per run would cost. Every heap allocation of this executable is
// counted by the replaced global operator new / delete below, so this test has its own binary.
#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include <gtest/gtest.h>
#include <malloc.h>

#include "backtest/sweep.hpp"
#include "bots/bot_registry.hpp"

namespace {

std::atomic<long long> g_live{0};
std::atomic<long long> g_peak{0};

void note_alloc(void* p) {
  const auto n = static_cast<long long>(malloc_usable_size(p));
  const long long now = g_live.fetch_add(n, std::memory_order_relaxed) + n;
  long long peak = g_peak.load(std::memory_order_relaxed);
  while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
}

void* counted_alloc(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  note_alloc(p);
  return p;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  g_live.fetch_sub(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) {
  return counted_alloc(n);
}
void* operator new[](std::size_t n) {
  return counted_alloc(n);
}
void operator delete(void* p) noexcept {
  counted_free(p);
}
void operator delete[](void* p) noexcept {
  counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  counted_free(p);
}

namespace omega {
namespace {

// 400 hourly bars of a seeded random walk: small, so thousands of runs stay quick.
data::CandleSeries tiny_bars() {
  data::CandleSeries s(2, 6);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> step(0.0, 150.0);
  std::int64_t price = 3'000'000;
  for (int i = 0; i < 400; ++i) {
    const std::int64_t open = price;
    price = std::max<std::int64_t>(100'000, price + static_cast<std::int64_t>(step(rng)));
    s.push_back_raw(1'600'000'000'000'000'000LL + i * 3'600'000'000'000LL, open,
                    std::max(open, price) + 50, std::min(open, price) - 50, price, 5'000'000);
  }
  return s;
}

backtest::BacktestConfig tiny_config() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.00000001").value();
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  backtest::BacktestConfig c;
  c.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  c.starting_balance = Money::parse("10000").value();
  return c;
}

// Returns the growth of the heap high-water mark over the live bytes before the sweep.
long long sweep_high_water(const backtest::SweepJob& job, bool check_release = true) {
  const long long before = g_live.load();
  g_peak.store(before);
  {
    backtest::RunTable table(backtest::RunMetric::kSharpe, 256);
    auto outcome = backtest::run_sweep(job, table);
    EXPECT_TRUE(outcome.ok()) << outcome.error().to_string();
    EXPECT_EQ(table.size(), job.random_runs);
    std::uint64_t rows = 0;
    EXPECT_TRUE(table
                    .for_each_sorted([&](std::uint64_t, const backtest::RunRow&) {
                      ++rows;
                      return ok_status();
                    })
                    .ok());
    EXPECT_EQ(rows, job.random_runs);
  }
  if (check_release) {
    EXPECT_LE(g_live.load(), before + 1024) << "the sweep kept memory";
  }
  return g_peak.load() - before;
}

TEST(SweepMemory, HighWaterDoesNotGrowWithTheNumberOfRuns) {
  const data::CandleSeries bars = tiny_bars();
  // 40 x 100 = 4,000 combinations, every one valid (fast < slow).
  const std::vector<std::string> grid = {"fast=2:41:1", "slow=50:149:1"};
  const auto space = backtest::ParamSpace::parse(grid).value();
  backtest::SweepJob job;
  job.bars = &bars;
  job.config = tiny_config();
  job.make_bot = [] { return bots::make_bot("sma_cross"); };
  job.space = &space;
  job.seed = 3;
  // One worker: with two, the peak also depends on whether the scheduler preempted one worker
  // mid-run while the other ran (on one free core, both working sets are then alive at once),
  // and the chance of catching that moment grows with the number of runs. The workers share
  // nothing but the table, so one worker measures what the sweep itself keeps.
  job.jobs = 1;

  // First use of the logger, YAML parser and thread machinery allocates once for good.
  job.random_runs = 20;
  sweep_high_water(job, false);
  job.random_runs = 300;
  const long long small = sweep_high_water(job);
  job.random_runs = 3000;
  const long long large = sweep_high_water(job);
  // Keeping only each run's 128-byte row would already add 2,700 x 128 = 346 kB; keeping an
  // equity curve (400 points) per run would add megabytes. What may grow is the list of
  // spilled chunks (16 bytes per 256 runs).
  constexpr long long kBound = 64 * 1024;
  EXPECT_GT(small, 0);
  EXPECT_LT(large - small, kBound)
      << "high water " << small << " B for 300 runs, " << large << " B for 3000";
  RecordProperty("high_water_300_runs", std::to_string(small));
  RecordProperty("high_water_3000_runs", std::to_string(large));
}

}  // namespace
}  // namespace omega
