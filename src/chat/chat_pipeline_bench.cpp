// Measures the chat pipeline per command (normalise → … → render → audit, no network): time
// per message, messages per second, and p99 latency as a counter.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "analytics/cosmic/cosmic_factor_service.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/control/control_handlers.hpp"
#include "chat/education_handlers.hpp"
#include "chat/farm_handlers.hpp"
#include "chat/farm_state.hpp"
#include "chat/market_handlers.hpp"
#include "chat/notification_router.hpp"
#include "chat/settings_handlers.hpp"
#include "store/testing/test_stores.hpp"

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

// A farm's store as a running farm leaves it: 5 bots, 400 orders, 300 fills, marks, an equity
// series; with the farm, settings and control handlers on it. SQLite in a temporary file, or the
// harness Redis (OMEGA_TEST_REDIS_URL) for the redis_ benchmarks.
struct FarmWorld {
  explicit FarmWorld(const std::string& backend)
      : personas(PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value()),
        pipeline(settings(), personas, clock, audit) {
    auto s = store::testing::open_test_store(backend, dir.path(), redis);
    if (!s.ok() || *s == nullptr) return;
    store = std::move(s).value();
    seed();
    farm = std::make_unique<StoreFarmState>(*store);
    register_farm_handlers(pipeline, *farm, clock);
    router = std::make_unique<NotificationRouter>(clock, sink, "", Duration(0), Duration(0));
    book = std::make_unique<AlertBook>(*store);
    register_settings_handlers(pipeline, *store, *router, *book);
    control = std::make_unique<ControlHandlers>(pipeline, *store, clock);
  }
  ~FarmWorld() {
    control.reset();
    store.reset();
    for (const auto& r : redis) (void)store::testing::delete_prefix(r);
  }
  static ChatSettings settings() {
    ChatSettings s = World::settings();
    s.users["ada"] = Role::kAdmin;
    return s;
  }
  void seed() {
    const Symbol btc = Symbol::parse("BTC/USDT").value();
    const Symbol eth = Symbol::parse("ETH/USDT:USDT").value();
    const Timestamp t0 = Timestamp::from_s(1'713'000'000);
    for (int b = 0; b < 5; ++b) {
      const std::string bot = "bot-" + std::to_string(b);
      (void)put_state(*store, bot, farm_keys::kRunState, "running");
      (void)put_state(*store, bot, farm_keys::kKind, "fibonacci_trader");
    }
    (void)put_state(*store, kFarmStateBot, farm_keys::kInitial, "USDT=100000");
    for (int i = 0; i < 400; ++i) {
      store::OrderRecord o;
      o.bot_id = store::BotId("bot-" + std::to_string(i % 5));
      o.client_order_id = ClientOrderId("o-" + std::to_string(i));
      o.symbol = i % 2 == 0 ? btc : eth;
      o.side = i % 4 < 2 ? OrderSide::kBuy : OrderSide::kSell;
      o.quantity = Quantity::parse("0.010").value();
      o.price = Price::parse(i % 2 == 0 ? "64000.00" : "3100.00").value();
      o.status = i < 300 ? OrderStatus::kFilled : OrderStatus::kAccepted;
      o.ts_created = t0 + Duration(std::chrono::minutes(i));
      o.ts_updated = o.ts_created;
      (void)store->append_order(o);
      if (i >= 300) continue;
      store::FillRecord f;
      f.bot_id = o.bot_id;
      f.symbol = o.symbol;
      f.fill.trade_id = TradeId("t-" + std::to_string(i));
      f.fill.client_order_id = o.client_order_id;
      f.fill.side = o.side;
      f.fill.price =
          Price::parse(i % 2 == 0 ? fmt_price(64000 + i) : fmt_price(3100 + i % 50)).value();
      f.fill.quantity = o.quantity;
      f.fill.fee = Money::parse("0.05").value();
      f.fill.fee_currency = Currency::parse("USDT").value();
      f.fill.ts_event = o.ts_created;
      (void)store->append_fill(f);
    }
    for (const Symbol& s : {btc, eth}) {
      const Price p = Price::parse(s == btc ? "65000.00" : "3150.00").value();
      const Candle c{t0, p, p, p, p, Quantity::parse("1").value()};
      (void)store->append_candles(s, Timeframe::m1(), std::span(&c, 1));
    }
    for (int i = 0; i < 500; ++i) {
      (void)store->record_metric(
          kEquityMetric, {t0 + Duration(std::chrono::hours(i)), 100000.0 + (i % 37) * 50.0});
    }
  }
  static std::string fmt_price(int v) { return std::to_string(v) + ".00"; }

  struct NullSink final : NotificationSink {
    Status send_direct(std::string_view, std::string_view, bool) override { return ok_status(); }
    Status send_channel(std::string_view, std::string_view, std::string_view, bool) override {
      return ok_status();
    }
  };
  ChatClock clock = [this] {
    now_ns += 1'000'000;
    return Timestamp::from_ns(now_ns);
  };
  std::int64_t now_ns = 1'714'000'000'000'000'000;
  store::testing::TempDir dir;
  std::vector<store::RedisOptions> redis;
  std::unique_ptr<store::Store> store;
  PersonaLibrary personas;
  World::NullAudit audit;
  ChatPipeline pipeline;
  std::unique_ptr<StoreFarmState> farm;
  NullSink sink;
  std::unique_ptr<NotificationRouter> router;
  std::unique_ptr<AlertBook> book;
  std::unique_ptr<ControlHandlers> control;
};

// `tag` gives a benchmark a store of its own (one that writes to it).
FarmWorld* farm_world(const std::string& backend, const std::string& tag = "") {
  static std::map<std::string, std::unique_ptr<FarmWorld>> worlds;
  auto& w = worlds[backend + tag];
  if (!w) w = std::make_unique<FarmWorld>(backend);
  return w->store ? w.get() : nullptr;
}

// Times pipeline.handle alone; `prepare` (untimed) runs before each message.
void measure(benchmark::State& state, ChatPipeline& pipeline, const std::string& user,
             const std::string& text, bool attachments = false,
             const std::function<void()>& prepare = {}) {
  InboundMessage in{"console", user, "", text};
  in.attachments = attachments;
  (void)pipeline.handle(in);  // warm caches (file reads)
  std::vector<double> ns;
  ns.reserve(1 << 16);
  for (auto _ : state) {
    if (prepare) {
      state.PauseTiming();
      prepare();
      state.ResumeTiming();
    }
    const auto t0 = std::chrono::steady_clock::now();
    ChatReply r = pipeline.handle(in);
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

void run_farm(benchmark::State& state, const std::string& backend, const std::string& persona,
              const std::string& user, const std::string& text) {
  FarmWorld* w = farm_world(backend);
  if (w == nullptr) {
    state.SkipWithError("no store for this backend (OMEGA_TEST_REDIS_URL unset?)");
    return;
  }
  (void)w->pipeline.set_persona(user, persona);
  measure(state, w->pipeline, user, text);
}

void run(benchmark::State& state, const std::string& persona, const std::string& text,
         bool attachments = false) {
  World& w = world();
  (void)w.pipeline.set_persona("ana", persona);
  measure(state, w.pipeline, "ana", text, attachments);
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
// Text only (`omega chat --once` without --charts): no chart is drawn.
void BM_Fib1h(benchmark::State& s) {
  run(s, "xyko", "/fib BTC/USDT 1h");
}
// A front end that takes files (Discord, --charts): the chart of the same bars comes from the
// cache after the first message.
void BM_Fib1hChartCached(benchmark::State& s) {
  run(s, "xyko", "/fib BTC/USDT 1h", true);
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

// Store-backed commands, per backend.
void BM_Status(benchmark::State& s, const char* b) {
  run_farm(s, b, "xyko", "ana", "/status");
}
void BM_Positions(benchmark::State& s, const char* b) {
  run_farm(s, b, "gemini", "ana", "/positions");
}
void BM_Orders(benchmark::State& s, const char* b) {
  run_farm(s, b, "base", "ana", "/orders");
}
void BM_Balance(benchmark::State& s, const char* b) {
  run_farm(s, b, "biel", "ada", "/balance");
}
void BM_Performance(benchmark::State& s, const char* b) {
  run_farm(s, b, "f", "ana", "/performance bot-1 30d");
}
void BM_Risk(benchmark::State& s, const char* b) {
  run_farm(s, b, "z", "ana", "/risk");
}
void BM_NotifyList(benchmark::State& s, const char* b) {
  run_farm(s, b, "base", "ana", "/notify");
}
void BM_AlertsList(benchmark::State& s, const char* b) {
  run_farm(s, b, "base", "ana", "/alerts list");
}
// Trading: staging a trade (a settings write) and sending a kill-switch command (a stream
// append and an audit entry; the handler does not wait for the farm here).
void BM_TradeStage(benchmark::State& s, const char* b) {
  run_farm(s, b, "base", "ada", "/buy BTC/USDT 0.01");
}
void BM_HaltSend(benchmark::State& s, const char* b) {
  run_farm(s, b, "base", "ada", "/halt");
}

// The ledger changes before every message (one more order and its fill, untimed): /risk reads
// the new fill and the orders again instead of answering from what it kept.
void BM_RiskAfterFill(benchmark::State& state, const char* backend) {
  FarmWorld* w = farm_world(backend, "growing");
  if (w == nullptr) {
    state.SkipWithError("no store for this backend (OMEGA_TEST_REDIS_URL unset?)");
    return;
  }
  const Symbol btc = Symbol::parse("BTC/USDT").value();
  int n = 0;
  auto prepare = [&] {
    ++n;
    store::OrderRecord o;
    o.bot_id = store::BotId("bot-" + std::to_string(n % 5));
    o.client_order_id = ClientOrderId("g-" + std::to_string(n));
    o.symbol = btc;
    o.side = n % 2 == 0 ? OrderSide::kBuy : OrderSide::kSell;
    o.quantity = Quantity::parse("0.001").value();
    o.price = Price::parse(FarmWorld::fmt_price(64000 + n % 100)).value();
    o.status = OrderStatus::kFilled;
    o.ts_created = Timestamp::from_s(1'713'100'000 + n);
    o.ts_updated = o.ts_created;
    (void)w->store->append_order(o);
    store::FillRecord f;
    f.bot_id = o.bot_id;
    f.symbol = btc;
    f.fill.trade_id = TradeId("g-" + std::to_string(n));
    f.fill.client_order_id = o.client_order_id;
    f.fill.side = o.side;
    f.fill.price = *o.price;
    f.fill.quantity = o.quantity;
    f.fill.fee = Money::parse("0.01").value();
    f.fill.fee_currency = Currency::parse("USDT").value();
    f.fill.ts_event = o.ts_created;
    (void)w->store->append_fill(f);
  };
  (void)w->pipeline.set_persona("ana", "z");
  measure(state, w->pipeline, "ana", "/risk", false, prepare);
}

#define OMEGA_FARM_BENCH(fn)               \
  BENCHMARK_CAPTURE(fn, sqlite, "sqlite"); \
  BENCHMARK_CAPTURE(fn, redis, "redis")

OMEGA_FARM_BENCH(BM_Status);
OMEGA_FARM_BENCH(BM_Positions);
OMEGA_FARM_BENCH(BM_Orders);
OMEGA_FARM_BENCH(BM_Balance);
OMEGA_FARM_BENCH(BM_Performance);
OMEGA_FARM_BENCH(BM_Risk);
OMEGA_FARM_BENCH(BM_NotifyList);
OMEGA_FARM_BENCH(BM_AlertsList);
OMEGA_FARM_BENCH(BM_TradeStage);
OMEGA_FARM_BENCH(BM_HaltSend);
OMEGA_FARM_BENCH(BM_RiskAfterFill);

BENCHMARK(BM_Help);
BENCHMARK(BM_PersonaList);
BENCHMARK(BM_Learn);
BENCHMARK(BM_Denied);
BENCHMARK(BM_Unavailable);
BENCHMARK(BM_UnknownCommand);
BENCHMARK(BM_Fib1h);
BENCHMARK(BM_Fib1hChartCached);
BENCHMARK(BM_Analyze1h);
BENCHMARK(BM_Analyze1hZ);
BENCHMARK(BM_Patterns1h);

}  // namespace
}  // namespace omega::chat
