// Benchmarks gateway frame parse and dispatch: one MESSAGE_CREATE and one INTERACTION_CREATE
// through GatewaySession::on_frame to the application's handler (p99 via repetitions).
#include <algorithm>
#include <vector>

#include <benchmark/benchmark.h>

#include "chat/discord/client/gateway_session.hpp"

namespace omega::chat::discord {
namespace {

constexpr std::string_view kMessage =
    R"({"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"id":"1300000000000000001","channel_id":"1100000000000000010","guild_id":"1100000000000000000","author":{"id":"1000000000000000007","username":"alice","discriminator":"0"},"member":{"roles":["1100000000000000100"],"joined_at":"2024-01-01T00:00:00.000000+00:00"},"content":"!price BTC/USDT","timestamp":"2026-12-07T00:00:00.000000+00:00","tts":false,"mention_everyone":false,"mentions":[],"attachments":[],"embeds":[],"type":0,"flags":0}})";
constexpr std::string_view kInteraction =
    R"({"op":0,"t":"INTERACTION_CREATE","s":43,"d":{"id":"1300000000000000001","application_id":"1200000000000000000","type":2,"version":1,"token":"aW50ZXJhY3Rpb246","guild_id":"1100000000000000000","channel_id":"1100000000000000010","member":{"user":{"id":"1000000000000000007","username":"alice"},"roles":["1100000000000000100"],"permissions":"2147483647"},"locale":"en-US","data":{"id":"1250000000000000000","name":"order","type":1,"options":[{"type":1,"name":"buy","options":[{"type":3,"name":"symbol","value":"BTCUSDT"},{"type":10,"name":"qty","value":0.01}]}]}}})";

void run(benchmark::State& state, std::string_view frame) {
  GatewaySessionConfig config;
  config.token = "tok";
  std::size_t seen = 0;
  GatewaySession session(config, [&seen](const GatewayDispatch& d) { seen += d.name.size(); });
  (void)session.start("ws://g", 0);
  session.on_open(0);
  (void)session.on_frame(R"({"op":10,"d":{"heartbeat_interval":41250}})", 0);
  (void)session.on_frame(
      R"({"t":"READY","s":1,"op":0,"d":{"session_id":"s","resume_gateway_url":"ws://r"}})", 0);
  for (auto _ : state) {
    auto actions = session.on_frame(frame, 1);
    benchmark::DoNotOptimize(actions);
  }
  benchmark::DoNotOptimize(seen);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}

void BM_GatewayDispatchMessageCreate(benchmark::State& state) { run(state, kMessage); }
void BM_GatewayDispatchInteractionCreate(benchmark::State& state) { run(state, kInteraction); }

BENCHMARK(BM_GatewayDispatchMessageCreate)
    ->Repetitions(20)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) {
      std::vector<double> s = v;
      std::sort(s.begin(), s.end());
      return s[static_cast<std::size_t>(0.99 * static_cast<double>(s.size() - 1))];
    });
BENCHMARK(BM_GatewayDispatchInteractionCreate)
    ->Repetitions(20)
    ->ComputeStatistics("p99", [](const std::vector<double>& v) {
      std::vector<double> s = v;
      std::sort(s.begin(), s.end());
      return s[static_cast<std::size_t>(0.99 * static_cast<double>(s.size() - 1))];
    });

}  // namespace
}  // namespace omega::chat::discord
