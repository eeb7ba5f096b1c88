// Measures the chat pipeline per command (normalise → … → render → audit, no network): time
// per message, messages per second, and p99 latency as a counter.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/education_handlers.hpp"
#include "chat/market_handlers.hpp"

namespace omega::chat {
namespace {

// One pipeline with every handler, shared by all benchmarks (data files are read once).
struct World {
  World()
      : personas(PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value()),
        education(EducationLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/education").value()),
        quizzes(education),
        market(OMEGA_DATA_DIR),
        pipeline(settings(), personas, clock, audit) {
    register_education_handlers(pipeline, education, quizzes);
    register_market_handlers(pipeline, market, cosmic, clock);
  }
  static ChatSettings settings() {
    ChatSettings s;
    s.users["ana"] = Role::kViewer;
    s.max_commands_per_window = 1'000'000'000;
    s.window = std::chrono::milliseconds(1);
    return s;
  }
  // Discards audit records so memory stays flat over millions of iterations.
  struct NullAudit final : AuditSink {
    void record(const AuditRecord&) override {}
  };

  // Advances 1 ms per reading so the rate limiter's window keeps emptying, as in real use.
  ChatClock clock = [this] {
    now_ns += 1'000'000;
    return Timestamp::from_ns(now_ns);
  };
  std::int64_t now_ns = 1'713'657'600'000'000'000;
  PersonaLibrary personas;
  EducationLibrary education;
  QuizTracker quizzes;
  BundledMarketData market;
  cosmic::CosmicFactorService cosmic;
  NullAudit audit;
  ChatPipeline pipeline;
};

World& world() {
  static World w;
  return w;
}

void run(benchmark::State& state, const std::string& persona, const std::string& text) {
  World& w = world();
  (void)w.pipeline.set_persona("ana", persona);
  (void)w.pipeline.handle({"console", "ana", "", text});  // warm caches (file reads)
  std::vector<double> ns;
  ns.reserve(1 << 16);
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    ChatReply r = w.pipeline.handle({"console", "ana", "", text});
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(r);
    if (ns.size() < ns.capacity()) {
      ns.push_back(static_cast<double>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
    }
  }
  std::sort(ns.begin(), ns.end());
  if (!ns.empty()) {
    state.counters["p99_us"] = ns[std::min(ns.size() - 1, ns.size() * 99 / 100)] / 1000.0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Help(benchmark::State& s) {
  run(s, "base", "/help");
}
void BM_PersonaList(benchmark::State& s) {
  run(s, "base", "/persona");
}
void BM_Learn(benchmark::State& s) {
  run(s, "biel", "/learn golden pocket");
}
void BM_Denied(benchmark::State& s) {
  run(s, "base", "/halt");
}
void BM_Unavailable(benchmark::State& s) {
  run(s, "xyko", "/status");
}
void BM_UnknownCommand(benchmark::State& s) {
  run(s, "base", "/frobnicate");
}
void BM_Fib1h(benchmark::State& s) {
  run(s, "xyko", "/fib BTC/USDT 1h");
}
void BM_Analyze1h(benchmark::State& s) {
  run(s, "gemini", "/analyze BTC/USDT 1h");
}
void BM_Analyze1hZ(benchmark::State& s) {
  run(s, "z", "/analyze BTC/USDT 1h");
}
void BM_Patterns1h(benchmark::State& s) {
  run(s, "f", "/patterns BTC/USDT 1h");
}

BENCHMARK(BM_Help);
BENCHMARK(BM_PersonaList);
BENCHMARK(BM_Learn);
BENCHMARK(BM_Denied);
BENCHMARK(BM_Unavailable);
BENCHMARK(BM_UnknownCommand);
BENCHMARK(BM_Fib1h);
BENCHMARK(BM_Analyze1h);
BENCHMARK(BM_Analyze1hZ);
BENCHMARK(BM_Patterns1h);

}  // namespace
}  // namespace omega::chat
