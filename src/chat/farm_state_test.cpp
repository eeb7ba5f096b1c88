// Tests StoreFarmState and the farm commands against both backends: SQLite in a temporary file
// and the harness Redis (OMEGA_TEST_REDIS_URL; skipped when unset). One ledger with a spot bot
// (average-cost long, a partial close) and a linear-contract bot (a short, a partial cover);
// every figure below is worked out by hand in the comments.
#include "chat/farm_state.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chat/audit_sink.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/farm_handlers.hpp"
#include "chat/persona/persona_renderer.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::chat {
namespace {

using std::chrono::hours;
using store::BotId;

const Timestamp kNow = Timestamp::from_s(1'700'000'000);

Price px(std::string_view s) {
  return Price::parse(s).value();
}
Quantity qty(std::string_view s) {
  return Quantity::parse(s).value();
}
Money money(std::string_view s) {
  return Money::parse(s).value();
}
Symbol sym(std::string_view s) {
  return Symbol::parse(s).value();
}

store::OrderRecord order(std::string_view id, std::string_view bot, std::string_view symbol,
                         OrderSide side, std::string_view q, std::string_view price,
                         OrderStatus status, Timestamp ts) {
  store::OrderRecord o;
  o.bot_id = BotId(std::string(bot));
  o.client_order_id = ClientOrderId(std::string(id));
  o.symbol = sym(symbol);
  o.side = side;
  o.type = OrderType::kLimit;
  o.quantity = qty(q);
  o.price = px(price);
  o.status = status;
  o.ts_created = ts;
  o.ts_updated = ts;
  return o;
}

store::FillRecord fill(std::string_view trade, std::string_view order_id, std::string_view bot,
                       std::string_view symbol, OrderSide side, std::string_view price,
                       std::string_view q, std::string_view fee, Timestamp ts) {
  store::FillRecord r;
  r.bot_id = BotId(std::string(bot));
  r.symbol = sym(symbol);
  r.fill.trade_id = TradeId(std::string(trade));
  r.fill.client_order_id = ClientOrderId(std::string(order_id));
  r.fill.venue_order_id = VenueOrderId("v-" + std::string(trade));
  r.fill.side = side;
  r.fill.price = px(price);
  r.fill.quantity = qty(q);
  r.fill.fee = money(fee);
  r.fill.fee_currency = Currency::parse("USDT").value();
  r.fill.ts_event = ts;
  return r;
}

class FarmStateTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = store::testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (*s == nullptr)
      GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
    farm_ = std::make_unique<StoreFarmState>(*store_);
  }
  void TearDown() override {
    farm_.reset();
    store_.reset();
    for (const auto& r : redis_) EXPECT_TRUE(store::testing::delete_prefix(r).ok());
  }

  void seed() {
    store::Store& s = *store_;
    ASSERT_TRUE(put_state(s, "bot-a", farm_keys::kRunState, "running").ok());
    ASSERT_TRUE(put_state(s, "bot-a", farm_keys::kKind, "fibonacci_trader").ok());
    ASSERT_TRUE(put_state(s, "bot-b", farm_keys::kRunState, "paused").ok());
    ASSERT_TRUE(put_state(s, "bot-b", farm_keys::kKind, "sma_cross").ok());
    ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kHalted, "true").ok());
    ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kHaltReason, "maintenance (ada)").ok());
    ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kInitial, "USDT=100000").ok());
    ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kLimits, "max_leverage=3").ok());
    const Timestamp d3 = kNow - Duration(hours(72));
    const Timestamp d2 = kNow - Duration(hours(48));
    const Timestamp h1 = kNow - Duration(hours(1));
    const Timestamp d10 = kNow - Duration(hours(240));
    for (const auto& o : {
             order("a-1", "bot-a", "BTC/USDT", OrderSide::kBuy, "0.5", "60000",
                   OrderStatus::kFilled, d3),
             order("a-2", "bot-a", "BTC/USDT", OrderSide::kBuy, "0.5", "62000",
                   OrderStatus::kFilled, d2),
             order("a-3", "bot-a", "BTC/USDT", OrderSide::kSell, "0.4", "64000",
                   OrderStatus::kFilled, h1),
             order("a-4", "bot-a", "BTC/USDT", OrderSide::kSell, "0.2", "70000",
                   OrderStatus::kAccepted, h1),
             order("b-1", "bot-b", "ETH/USDT:USDT", OrderSide::kSell, "2", "3000",
                   OrderStatus::kFilled, d10),
             order("b-2", "bot-b", "ETH/USDT:USDT", OrderSide::kBuy, "1", "2900",
                   OrderStatus::kFilled, d10),
             order("b-3", "bot-b", "ETH/USDT:USDT", OrderSide::kSell, "50", "3000",
                   OrderStatus::kRejected, h1),
         }) {
      ASSERT_TRUE(s.append_order(o).ok());
    }
    for (const auto& f : {
             fill("t1", "a-1", "bot-a", "BTC/USDT", OrderSide::kBuy, "60000", "0.5", "15", d3),
             fill("t2", "a-2", "bot-a", "BTC/USDT", OrderSide::kBuy, "62000", "0.5", "15.5", d2),
             fill("t3", "a-3", "bot-a", "BTC/USDT", OrderSide::kSell, "64000", "0.4", "12.8", h1),
             fill("t4", "b-1", "bot-b", "ETH/USDT:USDT", OrderSide::kSell, "3000", "2", "3", d10),
             fill("t5", "b-2", "bot-b", "ETH/USDT:USDT", OrderSide::kBuy, "2900", "1", "1.45", d10),
         }) {
      ASSERT_TRUE(s.append_fill(f).ok());
    }
    const Candle btc{kNow - Duration(std::chrono::minutes(1)),
                     px("64900"),
                     px("65100"),
                     px("64800"),
                     px("65000"),
                     qty("3")};
    ASSERT_TRUE(s.append_candles(sym("BTC/USDT"), Timeframe::m1(), std::span(&btc, 1)).ok());
    const Candle eth{
        kNow - Duration(hours(1)), px("3050"), px("3120"), px("3040"), px("3100"), qty("10")};
    ASSERT_TRUE(s.append_candles(sym("ETH/USDT:USDT"), Timeframe::h1(), std::span(&eth, 1)).ok());
    int i = 0;
    for (double v : {100000.0, 110000.0, 99000.0, 113000.0}) {
      ASSERT_TRUE(s.record_metric(kEquityMetric, {kNow - Duration(hours(10 - i++)), v}).ok());
    }
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<StoreFarmState> farm_;
};

TEST_P(FarmStateTest, EmptyStoreAnswersWithNothingRecorded) {
  auto status = farm_->status();
  ASSERT_TRUE(status.ok()) << status.error().to_string();
  EXPECT_TRUE(status->bots.empty());
  EXPECT_FALSE(status->halted);
  auto positions = farm_->positions();
  ASSERT_TRUE(positions.ok());
  EXPECT_TRUE(positions->empty());
  auto balance = farm_->balance();
  ASSERT_TRUE(balance.ok());
  EXPECT_TRUE(balance->cash.empty());
  EXPECT_FALSE(balance->equity.has_value());
  auto perf = farm_->performance("", "all", kNow);
  ASSERT_TRUE(perf.ok());
  EXPECT_EQ(perf->fills, 0);
  EXPECT_EQ(perf->net, Money::zero(0));
}

TEST_P(FarmStateTest, StatusListsBotsTheirStatesOrdersAndTheHalt) {
  seed();
  auto s = farm_->status();
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  ASSERT_EQ(s->bots.size(), 2u);
  EXPECT_EQ(s->bots[0].bot_id, "bot-a");
  EXPECT_EQ(s->bots[0].run_state, "running");
  EXPECT_EQ(s->bots[0].kind, "fibonacci_trader");
  EXPECT_EQ(s->bots[0].open_positions, 1);
  EXPECT_EQ(s->bots[0].open_orders, 1);  // a-4 accepted
  EXPECT_EQ(s->bots[0].fills, 3);
  EXPECT_EQ(s->bots[1].run_state, "paused");
  EXPECT_EQ(s->bots[1].open_orders, 0);  // b-3 was rejected
  EXPECT_TRUE(s->halted);
  EXPECT_EQ(s->halt_reason, "maintenance (ada)");
}

TEST_P(FarmStateTest, PositionsHaveAverageEntryMarkAndUnrealisedPnl) {
  seed();
  auto p = farm_->positions();
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  ASSERT_EQ(p->size(), 2u);
  // bot-a: 0.5 @ 60000 + 0.5 @ 62000 = 1.0 @ 61000; sold 0.4 → 0.6 @ 61000, mark 65000.
  EXPECT_EQ((*p)[0].bot_id, "bot-a");
  EXPECT_EQ((*p)[0].net_quantity, qty("0.6"));
  EXPECT_EQ(*(*p)[0].avg_entry, px("61000"));
  EXPECT_EQ(*(*p)[0].mark, px("65000"));
  EXPECT_EQ(*(*p)[0].notional, money("39000"));
  EXPECT_EQ(*(*p)[0].unrealized, money("2400"));  // (65000 - 61000) * 0.6
  // bot-b: short 2 @ 3000, covered 1 → -1 @ 3000, mark 3100 (the 1h bar: no 1m bar stored).
  EXPECT_EQ((*p)[1].net_quantity, qty("-1"));
  EXPECT_EQ(*(*p)[1].avg_entry, px("3000"));
  EXPECT_EQ(*(*p)[1].unrealized, money("-100"));
}

TEST_P(FarmStateTest, OrdersAreTheOpenOnes) {
  seed();
  auto o = farm_->open_orders();
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(o->size(), 1u);
  EXPECT_EQ((*o)[0].client_order_id.value(), "a-4");
}

TEST_P(FarmStateTest, BalanceIsInitialCashPlusEveryFillExactly) {
  seed();
  auto b = farm_->balance();
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  ASSERT_EQ(b->cash.size(), 2u);
  EXPECT_EQ(b->cash[0].currency, "BTC");
  EXPECT_EQ(b->cash[0].amount, money("0.6"));
  // 100000 - 30000 - 31000 + 25600 (spot) + 100 (ETH short realised) - 47.75 fees.
  EXPECT_EQ(b->cash[1].currency, "USDT");
  EXPECT_EQ(b->cash[1].amount, money("64652.25"));
  EXPECT_EQ(b->quote, "USDT");
  ASSERT_TRUE(b->equity.has_value());
  // + 0.6 BTC at 65000 + the ETH short's -100.
  EXPECT_EQ(*b->equity, money("103552.25"));
  EXPECT_EQ(*b->unrealized, money("2300"));
}

TEST_P(FarmStateTest, PerformanceByBotAndPeriod) {
  seed();
  auto all = farm_->performance("", "all", kNow);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  EXPECT_EQ(all->realized, money("1300"));  // 1200 on BTC + 100 on ETH
  EXPECT_EQ(all->fees, money("47.75"));
  EXPECT_EQ(all->net, money("1252.25"));
  EXPECT_EQ(all->fills, 5);
  EXPECT_EQ(all->closes, 2);
  EXPECT_EQ(all->wins, 2);
  EXPECT_EQ(all->volume, money("95500"));
  ASSERT_TRUE(all->max_drawdown_pct.has_value());
  EXPECT_NEAR(*all->max_drawdown_pct, 10.0, 1e-9);  // 110000 → 99000

  auto day = farm_->performance("", "1d", kNow);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->fills, 1);  // only the sell an hour ago
  EXPECT_EQ(day->realized, money("1200"));
  EXPECT_EQ(day->fees, money("12.8"));

  auto week_b = farm_->performance("bot-b", "7d", kNow);
  ASSERT_TRUE(week_b.ok());
  EXPECT_EQ(week_b->fills, 0);  // bot-b traded 10 days ago
  auto all_b = farm_->performance("bot-b", "all", kNow);
  ASSERT_TRUE(all_b.ok());
  EXPECT_EQ(all_b->net, money("95.55"));

  auto unknown = farm_->performance("nobody", "all", kNow);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("nobody"), std::string::npos);
  EXPECT_FALSE(farm_->performance("", "2y", kNow).ok());
}

TEST_P(FarmStateTest, RiskShowsExposureLeverageHaltAndDenials) {
  seed();
  auto r = farm_->risk(kNow);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->gross, money("42100"));  // 39000 + 3100
  ASSERT_EQ(r->exposures.size(), 2u);
  EXPECT_EQ(r->exposures[0].symbol, "BTC/USDT");
  EXPECT_NEAR(r->exposures[0].share_pct, 39000.0 / 42100.0 * 100.0, 1e-9);
  ASSERT_TRUE(r->leverage.has_value());
  EXPECT_NEAR(*r->leverage, 42100.0 / 103552.25, 1e-9);
  EXPECT_TRUE(r->halted);
  EXPECT_EQ(r->limits, "max_leverage=3");
  EXPECT_EQ(r->denials_24h, 1);
  EXPECT_EQ(farm_->risk(kNow + Duration(hours(48)))->denials_24h, 0);
}

TEST_P(FarmStateTest, RepliesCarryTheFigures) {
  seed();
  const std::string upnl =
      positions_reply(*farm_->positions()).data.lists.at("positions")[0].at("upnl");
  EXPECT_EQ(upnl, "2400.00");
  const HandlerReply perf = performance_reply(*farm_->performance("", "all", kNow));
  EXPECT_EQ(perf.data.fields.at("net"), "1252.25");
  EXPECT_EQ(perf.data.fields.at("win_rate"), "100.0");
  const HandlerReply risk = risk_reply(*farm_->risk(kNow));
  EXPECT_EQ(risk.data.fields.at("leverage"), "0.41");
  EXPECT_TRUE(risk.data.flags.at("halted"));
}

TEST_P(FarmStateTest, PutStateOverwritesWhateverTheVersion) {
  ASSERT_TRUE(put_state(*store_, "bot-x", "run_state", "running").ok());
  ASSERT_TRUE(put_state(*store_, "bot-x", "run_state", "stopped").ok());
  auto v = store_->get_state(BotId("bot-x"), "run_state");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ((*v)->value, "stopped");
  EXPECT_EQ((*v)->version, 2);
}

// Exact texts of the views (every digit), so two answers compare equal only when every figure is.
std::string opt(const std::optional<Money>& m) {
  return m ? m->to_string_trimmed() : "-";
}
std::string opt(const std::optional<Price>& p) {
  return p ? p->to_string_trimmed() : "-";
}
std::string exact(const FarmStatus& s) {
  std::string out =
      fmt::format("halted={} reason={} kill={}\n", s.halted, s.halt_reason, s.kill_switch);
  for (const BotStatus& b : s.bots) {
    out +=
        fmt::format("{} {} {} pos={} orders={} fills={} last={}\n", b.bot_id, b.run_state, b.kind,
                    b.open_positions, b.open_orders, b.fills, b.last_fill ? b.last_fill->ns() : 0);
  }
  return out;
}
std::string exact(const std::vector<PositionView>& ps) {
  std::string out;
  for (const PositionView& p : ps) {
    out += fmt::format("{} {} {} entry={} mark={} notional={} upnl={}\n", p.bot_id,
                       p.symbol.to_string(), p.net_quantity.to_string_trimmed(), opt(p.avg_entry),
                       opt(p.mark), opt(p.notional), opt(p.unrealized));
  }
  return out;
}
std::string exact(const std::vector<store::OrderRecord>& os) {
  std::string out;
  for (const auto& o : os)
    out += o.client_order_id.value() + ":" + std::string(to_string(o.status)) + " ";
  return out;
}
std::string exact(const BalanceView& b) {
  std::string out = "quote=" + b.quote + " equity=" + opt(b.equity) + " upnl=" + opt(b.unrealized);
  for (const BalanceLine& l : b.cash) out += " " + l.currency + "=" + l.amount.to_string_trimmed();
  return out;
}
std::string exact(const PerformanceView& p) {
  return fmt::format("{} {} realized={} fees={} net={} fills={} closes={} wins={} volume={} dd={}",
                     p.bot, p.period, p.realized.to_string_trimmed(), p.fees.to_string_trimmed(),
                     p.net.to_string_trimmed(), p.fills, p.closes, p.wins,
                     p.volume.to_string_trimmed(),
                     p.max_drawdown_pct ? fmt::format("{:.9f}", *p.max_drawdown_pct) : "-");
}
std::string exact(const RiskView& r) {
  std::string out = fmt::format("gross={} equity={} lev={} halted={} kill={} limits={} denials={}",
                                r.gross.to_string_trimmed(), opt(r.equity),
                                r.leverage ? fmt::format("{:.9f}", *r.leverage) : "-", r.halted,
                                r.kill_switch, r.limits, r.denials_24h);
  for (const ExposureLine& e : r.exposures) {
    out += fmt::format(" {}/{}={}({:.6f})", e.bot_id, e.symbol, e.notional.to_string_trimmed(),
                       e.share_pct);
  }
  return out;
}

// Every answer of `kept` (long-lived, incremental) against one computed from every fill.
void expect_same_answers(StoreFarmState& kept, store::Store& store, Timestamp now,
                         const std::string& step) {
  StoreFarmState fresh(store, LedgerCaching::kRecompute);
  EXPECT_EQ(exact(kept.status().value()), exact(fresh.status().value())) << step;
  EXPECT_EQ(exact(kept.positions().value()), exact(fresh.positions().value())) << step;
  EXPECT_EQ(exact(kept.open_orders().value()), exact(fresh.open_orders().value())) << step;
  EXPECT_EQ(exact(kept.balance().value()), exact(fresh.balance().value())) << step;
  EXPECT_EQ(exact(kept.risk(now).value()), exact(fresh.risk(now).value())) << step;
  for (const char* bot : {"", "bot-0", "bot-2"}) {
    for (const char* period : {"1d", "all"}) {
      auto a = kept.performance(bot, period, now);
      auto b = fresh.performance(bot, period, now);
      ASSERT_EQ(a.ok(), b.ok()) << step << " " << bot;
      if (a.ok()) EXPECT_EQ(exact(*a), exact(*b)) << step;
    }
  }
}

// A seeded random farm: spot and linear-contract bots opening, adding, reducing and flipping,
// orders changing status, marks moving, the initial balances changing. After every step the
// kept (incremental) answers must equal the recomputed ones, figure for figure.
TEST_P(FarmStateTest, IncrementalAnswersEqualRecomputedOnASeededSeries) {
  std::mt19937_64 rng(20261207);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  store::Store& s = *store_;
  ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kInitial, "USDT=50000 BTC=1").ok());
  ASSERT_TRUE(put_state(s, "bot-0", farm_keys::kRunState, "running").ok());
  const char* symbols[] = {"BTC/USDT", "ETH/USDT:USDT", "SOL/USDT"};
  const int base_price[] = {60000, 3000, 150};
  std::vector<std::string> order_ids;
  std::map<std::string, std::pair<std::string, std::string>> order_of;  // id -> bot, symbol
  Timestamp t = kNow - Duration(hours(50));
  StoreFarmState kept(s);
  expect_same_answers(kept, s, kNow, "empty");
  for (int step = 0; step < 120; ++step) {
    t = t + Duration(std::chrono::minutes(20));
    const int action = pick(10);
    const std::string label = fmt::format("step {} action {}", step, action);
    if (action < 5 || order_ids.empty()) {
      // An order (open, filled or rejected) and, when filled, its fill.
      const int sym_i = pick(3);
      const std::string bot = "bot-" + std::to_string(pick(4));
      const std::string id = fmt::format("o-{}", step);
      const OrderSide side = pick(2) == 0 ? OrderSide::kBuy : OrderSide::kSell;
      const std::string q = fmt::format("{}.{:03d}", pick(3), 1 + pick(999));
      const std::string p =
          fmt::format("{}.{:02d}", base_price[sym_i] + pick(200) - 100, pick(100));
      const int st = pick(4);
      const OrderStatus status = st == 0   ? OrderStatus::kAccepted
                                 : st == 1 ? OrderStatus::kRejected
                                           : OrderStatus::kFilled;
      ASSERT_TRUE(s.append_order(order(id, bot, symbols[sym_i], side, q, p, status, t)).ok());
      order_ids.push_back(id);
      order_of[id] = {bot, symbols[sym_i]};
      if (status == OrderStatus::kFilled) {
        ASSERT_TRUE(s.append_fill(fill("f-" + id, id, bot, symbols[sym_i], side, p, q,
                                       fmt::format("0.{:04d}", pick(5000)), t))
                        .ok());
      }
    } else if (action < 7) {
      // An order changes status (accepted -> partially filled, canceled, rejected).
      const std::string& id =
          order_ids[static_cast<std::size_t>(pick(static_cast<int>(order_ids.size())))];
      const OrderStatus to = pick(3) == 0   ? OrderStatus::kCanceled
                             : pick(2) == 0 ? OrderStatus::kRejected
                                            : OrderStatus::kPartiallyFilled;
      ASSERT_TRUE(s.update_order(ClientOrderId(id), to, VenueOrderId(""), t).ok());
    } else if (action < 9) {
      // A mark moves (SOL/USDT gets one only from here on: equity is unknown until then).
      const int sym_i = pick(3);
      const Price p = px(fmt::format("{}", base_price[sym_i] + pick(400) - 200));
      const Candle c{t, p, p, p, p, qty("1")};
      ASSERT_TRUE(s.append_candles(sym(symbols[sym_i]), Timeframe::m1(), std::span(&c, 1)).ok());
    } else {
      ASSERT_TRUE(put_state(s, kFarmStateBot, farm_keys::kInitial,
                            fmt::format("USDT={} BTC=1", 50000 + pick(1000)))
                      .ok());
    }
    expect_same_answers(kept, s, t, label);
    if (HasFailure()) return;
  }
  // It answered from what it kept: the ledger was read from its start once.
  EXPECT_EQ(kept.full_reads(), 1);
  EXPECT_GT(kept.incremental_reads(), 50);
}

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST_P(FarmStateTest, EveryPersonaAnswersEveryFarmCommandInItsOwnVoice) {
  seed();
  PersonaLibrary personas =
      PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value();
  MemoryAuditSink audit;
  ChatSettings s;
  s.users["ana"] = Role::kTrader;
  s.max_commands_per_window = 1000;
  ChatPipeline p(
      s, personas, [] { return kNow; }, audit);
  register_farm_handlers(p, *farm_, [] { return kNow; });
  std::map<std::string, std::map<std::string, std::string>> text;  // persona -> command -> reply
  for (const char* persona : {"base", "xyko", "f", "biel", "z", "gemini"}) {
    ASSERT_TRUE(p.set_persona("ana", persona).ok());
    for (const char* cmd : {"status", "positions", "orders", "balance", "performance", "risk"}) {
      const ChatReply r = p.handle({"console", "ana", "", std::string("/") + cmd});
      ASSERT_EQ(r.outcome, ReplyOutcome::kAnswered) << persona << " /" << cmd << ": " << r.text;
      EXPECT_FALSE(has(r.text, "{{")) << r.text;
      text[persona][cmd] = r.text;
    }
  }
  for (const char* cmd : {"status", "positions", "orders", "balance", "performance", "risk"}) {
    SCOPED_TRACE(cmd);
    // Each voice differs from the base and from the others on the same data.
    for (const char* a : {"base", "xyko", "f", "biel", "z", "gemini"}) {
      for (const char* b : {"base", "xyko", "f", "biel", "z", "gemini"}) {
        if (std::string(a) < b) EXPECT_NE(text[a][cmd], text[b][cmd]) << a << " vs " << b;
      }
    }
    EXPECT_TRUE(has(text["xyko"][cmd], "| ")) << text["xyko"][cmd];        // tables
    EXPECT_FALSE(has(text["xyko"][cmd], "🤖")) << text["xyko"][cmd];     // no emoji
    EXPECT_TRUE(has(text["biel"][cmd], "Hey ana!")) << text["biel"][cmd];  // greets by name
    EXPECT_TRUE(has(text["f"][cmd], "F on the levels")) << text["f"][cmd];
    EXPECT_TRUE(has(text["z"][cmd], "Z, in phase")) << text["z"][cmd];
    EXPECT_TRUE(has(text["gemini"][cmd], "🐂")) << text["gemini"][cmd];  // both sides
    EXPECT_TRUE(has(text["gemini"][cmd], "🐻")) << text["gemini"][cmd];
  }
  // What each definition says it brings forward.
  EXPECT_TRUE(has(text["xyko"]["positions"],
                  "| bot-a | BTC/USDT | long | 0.6 | 61000 | 65000 | 39000.00 | 2400.00 |"))
      << text["xyko"]["positions"];
  EXPECT_TRUE(has(text["f"]["positions"], "0.786")) << text["f"]["positions"];
  EXPECT_TRUE(has(text["f"]["performance"], "1.618")) << text["f"]["performance"];
  EXPECT_TRUE(has(text["biel"]["positions"], "/learn risk-and-position-sizing"));
  EXPECT_TRUE(has(text["biel"]["performance"], "/learn backtesting-pitfalls"));
  EXPECT_TRUE(has(text["z"]["risk"], "no cosmic factor showed a significant effect"));
  EXPECT_TRUE(has(text["gemini"]["positions"], "Bull case")) << text["gemini"]["positions"];
}

TEST_P(FarmStateTest, GeminiCasesAreTrueOfTheNumbers) {
  seed();
  // bot-a is 2400 up, bot-b 100 down: each lands on its own side, with its own figure.
  const HandlerReply pos = positions_reply(*farm_->positions());
  const auto& bull = pos.data.lists.at("bull");
  const auto& bear = pos.data.lists.at("bear");
  auto joined = [](const std::vector<MessageRow>& rows) {
    std::string out;
    for (const auto& r : rows) out += r.at("point") + "\n";
    return out;
  };
  EXPECT_TRUE(has(joined(bull), "BTC/USDT long is 6.56% in its favour (2400.00 unrealised)"))
      << joined(bull);
  EXPECT_TRUE(has(joined(bear), "ETH/USDT:USDT short is 3.33% against it (-100.00 unrealised)"))
      << joined(bear);
  EXPECT_FALSE(has(joined(bull), "against")) << joined(bull);
  EXPECT_FALSE(has(joined(bear), "in its favour")) << joined(bear);
  const HandlerReply perf = performance_reply(*farm_->performance("", "all", kNow));
  const std::string pbull = joined(perf.data.lists.at("bull"));
  const std::string pbear = joined(perf.data.lists.at("bear"));
  EXPECT_TRUE(has(pbull, "net 1252.25 after fees")) << pbull;
  EXPECT_TRUE(has(pbull, "2 of 2 closes won")) << pbull;
  EXPECT_TRUE(has(pbear, "fees took 47.75")) << pbear;
  EXPECT_TRUE(has(pbear, "equity fell up to 10.00% from a peak")) << pbear;
  const HandlerReply risk = risk_reply(*farm_->risk(kNow));
  const std::string rbull = joined(risk.data.lists.at("bull"));
  const std::string rbear = joined(risk.data.lists.at("bear"));
  EXPECT_TRUE(has(rbull, "leverage 0.41x: less than the equity")) << rbull;
  EXPECT_TRUE(has(rbear, "BTC/USDT is 92.6% of the exposure")) << rbear;
  EXPECT_TRUE(has(rbear, "1 order(s) denied")) << rbear;
}

TEST(FarmReplies, OrdersListTheNewestAndCountTheRest) {
  std::vector<store::OrderRecord> os;
  for (int i = 0; i < 25; ++i) {
    os.push_back(order("o-" + std::to_string(i), "bot-a", "BTC/USDT", OrderSide::kBuy, "0.1",
                       "60000", OrderStatus::kAccepted, kNow));
  }
  const HandlerReply r = orders_reply(os);
  ASSERT_EQ(r.data.lists.at("orders").size(), kMaxListedOrders);
  EXPECT_EQ(r.data.lists.at("orders").front().at("id"), "o-5");
  EXPECT_EQ(r.data.lists.at("orders").back().at("id"), "o-24");
  EXPECT_EQ(r.data.fields.at("count"), "25");
  EXPECT_EQ(r.data.fields.at("more"), "5");
  EXPECT_TRUE(r.data.flags.at("has_more"));
  os.resize(3);
  EXPECT_FALSE(orders_reply(os).data.flags.at("has_more"));
}

TEST(FarmPersonas, ConfirmControlAndNotificationDifferPerPersona) {
  PersonaLibrary personas =
      PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value();
  MessageData confirm;
  confirm.set("summary", "buy 0.01 BTC/USDT at market").set("expires_s", "60").set("user", "ana");
  MessageData control;
  control.set("action", "halt all trading (kill switch)")
      .set("detail", "trading halted")
      .set("status", "ok")
      .set("command", "halt")
      .set("id", "x-1")
      .set("user", "ana");
  control.flag("ok");
  MessageData note;
  note.set("event", "fills").set("text", "bot-a bought 0.5 BTC/USDT at 60000").set("user", "ana");
  std::map<std::string, std::vector<std::string>> out;
  for (const char* name : {"base", "xyko", "f", "biel", "z", "gemini"}) {
    const Persona& p = **personas.find(name);
    out[name] = {render_message(p, MessageType::kConfirm, confirm).value(),
                 render_message(p, MessageType::kControl, control).value(),
                 render_message(p, MessageType::kNotification, note).value()};
    for (const std::string& t : out[name]) EXPECT_FALSE(has(t, "{{")) << t;
    EXPECT_TRUE(has(out[name][0], "buy 0.01 BTC/USDT at market")) << name;
    EXPECT_TRUE(has(out[name][0], "/confirm")) << name;
    EXPECT_TRUE(has(out[name][1], "trading halted")) << name;
    EXPECT_TRUE(has(out[name][2], "bot-a bought 0.5 BTC/USDT at 60000")) << name;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    for (const char* a : {"base", "xyko", "f", "biel", "z", "gemini"}) {
      for (const char* b : {"base", "xyko", "f", "biel", "z", "gemini"}) {
        if (std::string(a) < b) EXPECT_NE(out[a][i], out[b][i]) << a << " vs " << b << " " << i;
      }
    }
  }
  EXPECT_TRUE(has(out["f"][0], "1.618"));         // risk/reward before the trade
  EXPECT_TRUE(has(out["biel"][0], "Hey ana!"));   // plain words, by name
  EXPECT_TRUE(has(out["gemini"][0], "🐻"));        // the other side of the same trade
  EXPECT_TRUE(has(out["xyko"][1], "status=ok"));  // the raw fields
  EXPECT_TRUE(has(out["biel"][2], "/learn"));     // a lesson link
}

INSTANTIATE_TEST_SUITE_P(Backends, FarmStateTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace omega::chat
