// Benchmarks gateway frame parse and dispatch: frames through GatewaySession::on_frame to the
// application's handler. Each frame is timed on its own (steady_clock around on_frame) into a
// histogram, so p50/p99/p99.9/max are per-frame latencies, reported as counters (ns) beside
// Google Benchmark's mean time per frame.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "chat/discord/client/gateway_session.hpp"

namespace omega::chat::discord {
namespace {

constexpr std::string_view kMessage =
    R"({"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"id":"1300000000000000001","channel_id":"1100000000000000010","guild_id":"1100000000000000000","author":{"id":"1000000000000000007","username":"alice","discriminator":"0"},"member":{"roles":["1100000000000000100"],"joined_at":"2024-01-01T00:00:00.000000+00:00"},"content":"!price BTC/USDT","timestamp":"2026-12-07T00:00:00.000000+00:00","tts":false,"mention_everyone":false,"mentions":[],"attachments":[],"embeds":[],"type":0,"flags":0}})";
constexpr std::string_view kInteraction =
    R"({"op":0,"t":"INTERACTION_CREATE","s":43,"d":{"id":"1300000000000000001","application_id":"1200000000000000000","type":2,"version":1,"token":"aW50ZXJhY3Rpb246","guild_id":"1100000000000000000","channel_id":"1100000000000000010","member":{"user":{"id":"1000000000000000007","username":"alice"},"roles":["1100000000000000100"],"permissions":"2147483647"},"locale":"en-US","data":{"id":"1250000000000000000","name":"order","type":1,"options":[{"type":1,"name":"buy","options":[{"type":3,"name":"symbol","value":"BTCUSDT"},{"type":10,"name":"qty","value":0.01}]}]}}})";
constexpr std::string_view kAck = R"({"t":null,"s":null,"op":11,"d":null})";
constexpr std::string_view kUnknown =
    R"({"t":"GUILD_AUDIT_LOG_ENTRY_CREATE","s":44,"op":0,"d":{"id":"1","action_type":1,"guild_id":"1100000000000000000"}})";

// Per-frame latencies in 1 ns buckets up to 100 µs, and an overflow bucket; percentiles are
// read off the cumulative counts.
class Histogram {
 public:
  void add(std::int64_t ns) {
    const auto i = static_cast<std::size_t>(std::clamp<std::int64_t>(ns, 0, kBuckets - 1));
    ++counts_[i];
    ++total_;
    max_ = std::max(max_, ns);
  }
  double percentile(double p) const {
    const auto rank = static_cast<std::uint64_t>(p * static_cast<double>(total_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return static_cast<double>(i);
    }
    return static_cast<double>(max_);
  }
  std::int64_t max() const { return max_; }
  std::uint64_t total() const { return total_; }

 private:
  static constexpr std::int64_t kBuckets = 100'000;
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(kBuckets, 0);
  std::uint64_t total_ = 0;
  std::int64_t max_ = 0;
};

void run(benchmark::State& state, const std::vector<std::string_view>& frames) {
  GatewaySessionConfig config;
  config.token = "tok";
  std::size_t seen = 0;
  GatewaySession session(config, [&seen](const GatewayDispatch& d) { seen += d.name.size(); });
  (void)session.start("ws://g", 0);
  session.on_open(0);
  (void)session.on_frame(R"({"op":10,"d":{"heartbeat_interval":41250}})", 0);
  (void)session.on_frame(
      R"({"t":"READY","s":1,"op":0,"d":{"session_id":"s","resume_gateway_url":"ws://r"}})", 0);
  Histogram h;
  std::size_t bytes = 0;
  std::size_t k = 0;
  for (auto _ : state) {
    const std::string_view frame = frames[k];
    k = k + 1 == frames.size() ? 0 : k + 1;
    const auto t0 = std::chrono::steady_clock::now();
    auto actions = session.on_frame(frame, 1);
    benchmark::DoNotOptimize(actions);
    const auto t1 = std::chrono::steady_clock::now();
    h.add(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    bytes += frame.size();
  }
  benchmark::DoNotOptimize(seen);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  if (h.total() == 0) return;
  state.counters["p50_ns"] = h.percentile(0.50);
  state.counters["p99_ns"] = h.percentile(0.99);
  state.counters["p999_ns"] = h.percentile(0.999);
  state.counters["max_ns"] = static_cast<double>(h.max());
}

// The cost of the two clock reads around each frame, to read the percentiles against.
void BM_SteadyClockPair(benchmark::State& state) {
  Histogram h;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto t1 = std::chrono::steady_clock::now();
    h.add(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
  }
  if (h.total() == 0) return;
  state.counters["p50_ns"] = h.percentile(0.50);
  state.counters["p99_ns"] = h.percentile(0.99);
}

void BM_GatewayDispatchMessageCreate(benchmark::State& state) {
  run(state, {kMessage});
}
void BM_GatewayDispatchInteractionCreate(benchmark::State& state) {
  run(state, {kInteraction});
}
// A stream as the gateway sends it: messages, an interaction, an ACK, an event nobody handles.
void BM_GatewayDispatchMixed(benchmark::State& state) {
  run(state, {kMessage, kMessage, kInteraction, kAck, kUnknown});
}

BENCHMARK(BM_SteadyClockPair);
BENCHMARK(BM_GatewayDispatchMessageCreate);
BENCHMARK(BM_GatewayDispatchInteractionCreate);
BENCHMARK(BM_GatewayDispatchMixed);

}  // namespace
}  // namespace omega::chat::discord
