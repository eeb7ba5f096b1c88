// Store benchmarks: SQLite ledger writes with synchronous=FULL (single and batched), candle
// range reads on both backends, and Redis pipelined writes beside redis-benchmark's SET rate on
// the same private server (started here; never a Redis the bench did not start).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/redis_server.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

OrderRecord make_order(std::int64_t n) {
  OrderRecord o;
  o.bot_id = BotId("bench");
  o.client_order_id = ClientOrderId(fmt::format("b{}", n));
  o.symbol = Symbol::parse("BTC/USDT:USDT").value();
  o.quantity = Quantity::from_raw_unchecked(n % 1000 + 1, 3);
  o.price = Price::from_raw_unchecked(6'400'000 + n % 1000, 2);
  o.ts_created = Timestamp::from_ms(1'700'000'000'000 + n);
  o.ts_updated = o.ts_created;
  return o;
}

std::vector<Candle> make_candles(int count) {
  std::vector<Candle> bars;
  bars.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    bars.push_back(Candle{Timestamp::from_s(1'600'000'000 + 60LL * i),
                          Price::from_raw_unchecked(6'400'000 + i % 500, 2),
                          Price::from_raw_unchecked(6'410'000 + i % 500, 2),
                          Price::from_raw_unchecked(6'390'000 + i % 500, 2),
                          Price::from_raw_unchecked(6'405'000 + i % 500, 2),
                          Quantity::from_raw_unchecked(123'456 + i, 3)});
  }
  return bars;
}

constexpr int kCandles = 100'000;
constexpr int kRangeBars = 1'000;

// One private redis-server for the whole run (AOF on, fsync every second: redis' default, the
// setting redis-benchmark figures are usually quoted with).
testing::RedisServer* bench_server() {
  static std::unique_ptr<testing::RedisServer> server = [] {
    auto s = std::make_unique<testing::RedisServer>();
    if (!s->start(testing::RedisServer::Options{.password = "", .fsync_always = false}).ok())
      s.reset();
    return s;
  }();
  return server.get();
}

void BM_SqliteAppendOrderSingle(benchmark::State& state) {
  testing::TempDir dir;
  auto store = SqliteStore::open(SqliteOptions{dir.path() / "bench.db"});
  std::int64_t n = 0;
  for (auto _ : state) {
    auto r = (*store)->append_order(make_order(n++));
    if (!r.ok()) state.SkipWithError(r.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SqliteAppendOrderSingle)->UseRealTime();

void BM_SqliteAppendOrdersBatched(benchmark::State& state) {
  testing::TempDir dir;
  auto store = SqliteStore::open(SqliteOptions{dir.path() / "bench.db"});
  const auto batch = static_cast<std::int64_t>(state.range(0));
  std::int64_t n = 0;
  std::vector<OrderRecord> orders;
  for (auto _ : state) {
    state.PauseTiming();
    orders.clear();
    for (std::int64_t i = 0; i < batch; ++i) orders.push_back(make_order(n++));
    state.ResumeTiming();
    auto r = (*store)->append_orders(orders);
    if (!r.ok()) state.SkipWithError(r.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(BM_SqliteAppendOrdersBatched)->Arg(10)->Arg(100)->Arg(1000)->UseRealTime();

void BM_SqliteCandleRange(benchmark::State& state) {
  testing::TempDir dir;
  auto store = SqliteStore::open(SqliteOptions{dir.path() / "bench.db"});
  const Symbol sym = Symbol::parse("BTC/USDT").value();
  const auto bars = make_candles(kCandles);
  if (!(*store)->append_candles(sym, Timeframe::m1(), bars).ok()) state.SkipWithError("load");
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t start = (i++ * 7919) % (kCandles - kRangeBars);
    auto r = (*store)->candles(sym, Timeframe::m1(), bars[start].open_time,
                               bars[start + kRangeBars].open_time);
    if (!r.ok() || r->size() != kRangeBars) state.SkipWithError("range read");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kRangeBars);
}
BENCHMARK(BM_SqliteCandleRange)->UseRealTime();

std::unique_ptr<RedisStore> open_bench_redis(benchmark::State& state) {
  testing::RedisServer* server = bench_server();
  if (server == nullptr) {
    state.SkipWithError("redis-server could not be started");
    return nullptr;
  }
  RedisOptions o = server->client_options();
  static int run = 0;
  o.key_prefix = fmt::format("omega:bench:{}:", run++);
  auto store = RedisStore::open(o);
  if (!store.ok()) {
    state.SkipWithError(store.error().to_string().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

// Raw pipelined SETs through RedisClient (queue, I/O thread, hiredis): the figure to compare
// with `redis-benchmark -t set -P <depth> -c 1` on the same server.
void BM_RedisClientPipelinedSet(benchmark::State& state) {
  testing::RedisServer* server = bench_server();
  if (server == nullptr) return state.SkipWithError("redis-server could not be started");
  auto client = RedisClient::connect(server->client_options());
  if (!client.ok()) return state.SkipWithError(client.error().to_string().c_str());
  const auto depth = static_cast<std::size_t>(state.range(0));
  std::vector<RedisCommand> batch;
  std::int64_t n = 0;
  for (auto _ : state) {
    // Building the commands is the caller's work, not the transport's: it is not timed, as
    // redis-benchmark formats its commands once before it starts the clock.
    state.PauseTiming();
    batch.clear();
    for (std::size_t i = 0; i < depth; ++i) {
      batch.push_back({"SET", fmt::format("omega:bench:key:{}", n++ % 100'000), "xxx"});
    }
    state.ResumeTiming();
    auto r = (*client)->execute(std::move(batch), RedisClient::Kind::kWrite);
    if (!r.ok()) state.SkipWithError(r.error().to_string().c_str());
    batch = {};
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(depth));
}
BENCHMARK(BM_RedisClientPipelinedSet)->Arg(1)->Arg(16)->Arg(64)->Arg(256)->UseRealTime();

// Idempotent ledger appends (one Lua script each) pipelined `depth` per round trip.
void BM_RedisAppendOrdersPipelined(benchmark::State& state) {
  auto store = open_bench_redis(state);
  if (!store) return;
  const auto depth = static_cast<std::int64_t>(state.range(0));
  std::int64_t n = 0;
  std::vector<OrderRecord> orders;
  for (auto _ : state) {
    state.PauseTiming();
    orders.clear();
    for (std::int64_t i = 0; i < depth; ++i) orders.push_back(make_order(n++));
    state.ResumeTiming();
    auto r = store->append_orders(orders);
    if (!r.ok()) state.SkipWithError(r.error().to_string().c_str());
  }
  state.SetItemsProcessed(state.iterations() * depth);
}
BENCHMARK(BM_RedisAppendOrdersPipelined)->Arg(1)->Arg(16)->Arg(64)->UseRealTime();

void BM_RedisCandleRange(benchmark::State& state) {
  auto store = open_bench_redis(state);
  if (!store) return;
  const Symbol sym = Symbol::parse("BTC/USDT").value();
  const auto bars = make_candles(kCandles);
  for (std::size_t i = 0; i < bars.size(); i += 5000) {
    std::span<const Candle> chunk(bars.data() + i, std::min<std::size_t>(5000, bars.size() - i));
    if (!store->append_candles(sym, Timeframe::m1(), chunk).ok())
      return state.SkipWithError("load");
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t start = (i++ * 7919) % (kCandles - kRangeBars);
    auto r = store->candles(sym, Timeframe::m1(), bars[start].open_time,
                            bars[start + kRangeBars].open_time);
    if (!r.ok() || r->size() != kRangeBars) state.SkipWithError("range read");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kRangeBars);
}
BENCHMARK(BM_RedisCandleRange)->UseRealTime();

// Runs redis-benchmark against the same server and reports its SET rate as a counter; same
// key space (-r 100000) and value size (-d 3) as BM_RedisClientPipelinedSet.
void BM_RedisBenchmarkReferenceSet(benchmark::State& state) {
  testing::RedisServer* server = bench_server();
  if (server == nullptr) return state.SkipWithError("redis-server could not be started");
  const std::string cmd = fmt::format(
      "redis-benchmark -h 127.0.0.1 -p {} -t set -r 100000 -d 3 -n 400000 -P {} -c {} -q "
      "2>/dev/null",
      server->port(), state.range(0), state.range(1));
  double rate = 0;
  for (auto _ : state) {
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) return state.SkipWithError("redis-benchmark not runnable");
    char line[512];
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
      // The -q output ends with "SET: 123456.79 requests per second, p50=..." after \r updates.
      std::string text(line);
      const auto at = text.rfind("SET: ");
      if (at != std::string::npos) rate = std::strtod(text.c_str() + at + 5, nullptr);
    }
    ::pclose(pipe);
  }
  state.counters["redis_benchmark_set_per_s"] = rate;
}
BENCHMARK(BM_RedisBenchmarkReferenceSet)
    ->Args({1, 1})
    ->Args({16, 1})
    ->Args({64, 1})
    ->Args({256, 1})
    ->Args({16, 50})
    ->Iterations(1)
    ->UseRealTime();

// Runs `redis-benchmark -t set -P depth -c 1` for `requests` SETs against the bench server and
// returns its rate (requests per second), or 0 when it could not run.
double redis_benchmark_set_rate(int port, std::int64_t depth, std::int64_t requests) {
  const std::string cmd = fmt::format(
      "redis-benchmark -h 127.0.0.1 -p {} -t set -r 100000 -d 3 -n {} -P {} -c 1 -q 2>/dev/null",
      port, requests, depth);
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return 0;
  double rate = 0;
  char line[512];
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    // The -q output ends with "SET: 123456.79 requests per second, p50=..." after \r updates.
    const std::string text(line);
    const auto at = text.rfind("SET: ");
    if (at != std::string::npos) rate = std::strtod(text.c_str() + at + 5, nullptr);
  }
  ::pclose(pipe);
  return rate;
}

// Our pipelined SETs and redis-benchmark's, measured in alternating rounds of the same size on
// the same server, so both see the same machine load (this VM's load moves either figure by
// 30 % from one second to the next). Same key length (16 bytes, "key:" and 12 digits, as
// redis-benchmark's -r keys), same 3-byte value, same key space, one connection, `depth`
// commands per round trip. The commands are built before the clock starts, as redis-benchmark
// formats its command once. Reports the median rate of each and the lowest and median ratio
// of a round.
void BM_RedisPipelinedSetPaired(benchmark::State& state) {
  testing::RedisServer* server = bench_server();
  if (server == nullptr) return state.SkipWithError("redis-server could not be started");
  auto client = RedisClient::connect(server->client_options());
  if (!client.ok()) return state.SkipWithError(client.error().to_string().c_str());
  const std::int64_t depth = state.range(0);
  constexpr std::int64_t kRequests = 200'000;
  constexpr int kRounds = 7;
  std::int64_t n = 0;
  auto ours = [&]() -> double {
    std::vector<std::vector<RedisCommand>> batches;
    batches.reserve(static_cast<std::size_t>(kRequests / depth));
    for (std::int64_t sent = 0; sent + depth <= kRequests; sent += depth) {
      std::vector<RedisCommand>& b = batches.emplace_back();
      b.reserve(static_cast<std::size_t>(depth));
      for (std::int64_t i = 0; i < depth; ++i) {
        b.push_back({"SET", fmt::format("key:{:012}", n++ % 100'000), "xxx"});
      }
    }
    const auto start = std::chrono::steady_clock::now();
    for (auto& b : batches) {
      auto r = (*client)->execute(std::move(b), RedisClient::Kind::kWrite);
      if (!r.ok()) return 0;
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return static_cast<double>(batches.size()) * static_cast<double>(depth) / took.count();
  };
  // Warm up both (the key space exists, the server's buffers are grown).
  ours();
  redis_benchmark_set_rate(server->port(), depth, kRequests);
  std::vector<double> our_rates, their_rates, ratios;
  for (auto _ : state) {
    for (int round = 0; round < kRounds; ++round) {
      double mine = 0;
      double theirs = 0;
      // Alternate who goes first, so neither always meets the same phase of the load.
      if (round % 2 == 0) {
        mine = ours();
        theirs = redis_benchmark_set_rate(server->port(), depth, kRequests);
      } else {
        theirs = redis_benchmark_set_rate(server->port(), depth, kRequests);
        mine = ours();
      }
      if (mine <= 0 || theirs <= 0) return state.SkipWithError("a round failed");
      our_rates.push_back(mine);
      their_rates.push_back(theirs);
      ratios.push_back(mine / theirs);
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  state.counters["ours_set_per_s"] = median(our_rates);
  state.counters["redis_benchmark_set_per_s"] = median(their_rates);
  state.counters["ratio_median"] = median(ratios);
  state.counters["ratio_min"] = *std::min_element(ratios.begin(), ratios.end());
}
BENCHMARK(BM_RedisPipelinedSetPaired)->Arg(16)->Arg(64)->Arg(256)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace omega::store
