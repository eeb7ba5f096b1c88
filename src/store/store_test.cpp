// The same suite against both backends: SQLite in a temporary file and Redis on the harness
// server (OMEGA_TEST_REDIS_URL; skipped when unset).
#include <algorithm>
#include <atomic>
#include <memory>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

using testing::TempDir;

Price px(std::string_view s) {
  return Price::parse(s).value();
}
Quantity qty(std::string_view s) {
  return Quantity::parse(s).value();
}
Symbol sym(std::string_view s) {
  return Symbol::parse(s).value();
}

OrderRecord make_order(std::string_view id, std::string_view bot = "bot-1") {
  OrderRecord o;
  o.bot_id = BotId(std::string(bot));
  o.client_order_id = ClientOrderId(std::string(id));
  o.symbol = sym("BTC/USDT:USDT");
  o.side = OrderSide::kBuy;
  o.type = OrderType::kLimit;
  o.quantity = qty("0.0100");
  o.price = px("64250.50");
  o.status = OrderStatus::kSubmitted;
  o.ts_created = Timestamp::from_ms(1'700'000'000'000);
  o.ts_updated = o.ts_created;
  return o;
}

FillRecord make_fill(std::string_view trade, std::string_view order, OrderSide side,
                     std::string_view q) {
  FillRecord r;
  r.bot_id = BotId("bot-1");
  r.symbol = sym("BTC/USDT:USDT");
  r.fill.trade_id = TradeId(std::string(trade));
  r.fill.client_order_id = ClientOrderId(std::string(order));
  r.fill.venue_order_id = VenueOrderId("v-" + std::string(order));
  r.fill.side = side;
  r.fill.price = px("64250.5");
  r.fill.quantity = qty(q);
  r.fill.fee = Money::parse("-0.00012345").value();
  r.fill.fee_currency = Currency::parse("USDT").value();
  r.fill.liquidity = Liquidity::kMaker;
  r.fill.ts_event = Timestamp::from_ns(1'700'000'000'123'456'789);
  return r;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      auto s = SqliteStore::open(SqliteOptions{dir_.path() / "omega.db"});
      ASSERT_TRUE(s.ok()) << s.error().to_string();
      store_ = std::move(s).value();
      return;
    }
    auto options = testing::harness_redis();
    if (!options) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    redis_ = options;
    auto s = RedisStore::open(*redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    ASSERT_TRUE((*s)->migrate().ok());
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    if (redis_) {
      EXPECT_TRUE(testing::delete_prefix(*redis_).ok());
    }
  }

  TempDir dir_;
  std::optional<RedisOptions> redis_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, CandlesAppendRangeLatestAndReplace) {
  std::vector<Candle> bars;
  for (int i = 0; i < 10; ++i) {
    bars.push_back(Candle{Timestamp::from_s(1'700'000'000 + 60 * i), px("100.10"), px("101.25"),
                          px("99.00"), px("100.5" + std::to_string(i)), qty("12.345")});
  }
  const Symbol s = sym("ETH/USDT");
  ASSERT_TRUE(store_->append_candles(s, Timeframe::m1(), bars).ok());
  auto range = store_->candles(s, Timeframe::m1(), bars[2].open_time, bars[5].open_time);
  ASSERT_TRUE(range.ok()) << range.error().to_string();
  ASSERT_EQ(range->size(), 3u);
  EXPECT_EQ((*range)[0].open_time, bars[2].open_time);
  EXPECT_EQ((*range)[0].close.to_string(), "100.52");  // exact text, precision kept
  EXPECT_EQ((*range)[0].volume.to_string(), "12.345");
  Candle changed = bars[9];
  changed.close = px("200.00");
  ASSERT_TRUE(store_->append_candles(s, Timeframe::m1(), std::span(&changed, 1)).ok());
  auto latest = store_->latest_candle(s, Timeframe::m1());
  ASSERT_TRUE(latest.ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->close.to_string(), "200.00");
  EXPECT_EQ(
      store_->candles(s, Timeframe::m1(), Timestamp(), Timestamp::from_s(2'000'000'000))->size(),
      10u);
  EXPECT_FALSE(store_->latest_candle(s, Timeframe::h1())->has_value());
}

TEST_P(StoreTest, OrderAppendIsIdempotentAndRoundTripsExactly) {
  OrderRecord o = make_order("c-1");
  EXPECT_EQ(*store_->append_order(o), AppendOutcome::kInserted);
  OrderRecord changed = o;
  changed.quantity = qty("5");
  EXPECT_EQ(*store_->append_order(changed), AppendOutcome::kDuplicate);
  auto back = store_->order(o.client_order_id);
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->quantity.to_string(), "0.0100");
  EXPECT_EQ((*back)->price->to_string(), "64250.50");
  EXPECT_EQ((*back)->symbol.to_string(), "BTC/USDT:USDT");
  EXPECT_EQ((*back)->status, OrderStatus::kSubmitted);
  EXPECT_EQ((*back)->ts_created, o.ts_created);

  ASSERT_TRUE(store_
                  ->update_order(o.client_order_id, OrderStatus::kAccepted, VenueOrderId("v-9"),
                                 Timestamp::from_s(1'700'000'001))
                  .ok());
  back = store_->order(o.client_order_id);
  EXPECT_EQ((*back)->status, OrderStatus::kAccepted);
  EXPECT_EQ((*back)->venue_order_id.value(), "v-9");
  EXPECT_EQ(
      store_->update_order(ClientOrderId("nope"), OrderStatus::kFilled, VenueOrderId(), Timestamp())
          .error()
          .code(),
      ErrorCode::kNotFound);
  OrderRecord market = make_order("c-2");
  market.type = OrderType::kMarket;
  market.price.reset();
  ASSERT_TRUE(store_->append_order(market).ok());
  auto all = store_->orders();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].client_order_id.value(), "c-1");
  EXPECT_FALSE((*all)[1].price.has_value());
}

TEST_P(StoreTest, FillAppendIsIdempotentAndMovesThePositionOnce) {
  ASSERT_TRUE(store_->append_order(make_order("c-1")).ok());
  EXPECT_EQ(*store_->append_fill(make_fill("t-1", "c-1", OrderSide::kBuy, "0.0100")),
            AppendOutcome::kInserted);
  EXPECT_EQ(*store_->append_fill(make_fill("t-1", "c-1", OrderSide::kBuy, "0.0100")),
            AppendOutcome::kDuplicate);
  EXPECT_EQ(*store_->append_fill(make_fill("t-2", "c-1", OrderSide::kSell, "0.025")),
            AppendOutcome::kInserted);
  auto p = store_->position(BotId("bot-1"), sym("BTC/USDT:USDT"));
  ASSERT_TRUE(p.ok()) << p.error().to_string();
  EXPECT_EQ(p->net_quantity, qty("-0.015"));
  EXPECT_EQ(p->fill_count, 2);
  auto fills = store_->fills();
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), 2u);
  EXPECT_EQ((*fills)[0].fill.fee.to_string(), "-0.00012345");
  EXPECT_EQ((*fills)[0].fill.ts_event.ns(), 1'700'000'000'123'456'789);
  EXPECT_EQ((*fills)[0].fill.liquidity, Liquidity::kMaker);
  EXPECT_EQ((*fills)[0].fill.fee_currency.code(), "USDT");
  auto all = store_->positions();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(store_->position(BotId("other"), sym("BTC/USDT"))->net_quantity, qty("0"));
}

TEST_P(StoreTest, LedgerVersionChangesWithEveryLedgerWriteAndFillsSinceReadsTheRest) {
  auto version = [&] { return store_->ledger_version().value(); };
  EXPECT_EQ(version(), "");
  ASSERT_TRUE(store_->append_order(make_order("c-1")).ok());
  const std::string v1 = version();
  EXPECT_NE(v1, "");
  // Writes outside the ledger, and a duplicate, leave it alone.
  ASSERT_TRUE(store_->append_order(make_order("c-1")).ok());
  ASSERT_TRUE(store_->compare_and_set_state(BotId("bot-1"), "k", 0, "v").ok());
  ASSERT_TRUE(store_->append_event("other", "{}").ok());
  EXPECT_EQ(version(), v1);
  ASSERT_TRUE(store_
                  ->update_order(ClientOrderId("c-1"), OrderStatus::kAccepted, VenueOrderId(""),
                                 Timestamp::from_ms(1'700'000'000'500))
                  .ok());
  const std::string v2 = version();
  EXPECT_NE(v2, v1);
  ASSERT_TRUE(store_->append_fill(make_fill("t-1", "c-1", OrderSide::kBuy, "0.004")).ok());
  const std::string v3 = version();
  EXPECT_NE(v3, v2);
  ASSERT_TRUE(store_->append_fill(make_fill("t-2", "c-1", OrderSide::kBuy, "0.006")).ok());
  EXPECT_NE(version(), v3);
  // Trimming every stream entry does not bring an old version back.
  const std::string v4 = version();
  LogRetention all;
  all.streams.max_len = 0;
  ASSERT_TRUE(store_->trim_logs(all).ok());
  ASSERT_TRUE(store_->append_fill(make_fill("t-3", "c-1", OrderSide::kSell, "0.001")).ok());
  EXPECT_NE(version(), v4);
  EXPECT_NE(version(), "");

  auto ids = [](const std::vector<FillRecord>& fs) {
    std::string out;
    for (const auto& f : fs) out += f.fill.trade_id.value() + " ";
    return out;
  };
  EXPECT_EQ(ids(store_->fills_since(0).value()), "t-1 t-2 t-3 ");
  EXPECT_EQ(ids(store_->fills_since(1).value()), "t-2 t-3 ");
  EXPECT_EQ(ids(store_->fills_since(3).value()), "");
  EXPECT_EQ(ids(store_->fills_since(7).value()), "");
  EXPECT_EQ(store_->fills_since(2)->front().fill.quantity, qty("0.001"));
}

TEST_P(StoreTest, BotStateCompareAndSet) {
  const BotId bot("bot-1");
  EXPECT_FALSE(store_->get_state(bot, "phase")->has_value());
  EXPECT_EQ(*store_->compare_and_set_state(bot, "phase", 0, "warmup"), 1);
  auto stale = store_->compare_and_set_state(bot, "phase", 0, "other");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kState);
  EXPECT_EQ(*store_->compare_and_set_state(bot, "phase", 1, "trading"), 2);
  auto v = store_->get_state(bot, "phase");
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_EQ((*v)->value, "trading");
  EXPECT_EQ((*v)->version, 2);
}

TEST_P(StoreTest, MetricsSettingsAuditSignals) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        store_->record_metric("pnl", MetricPoint{Timestamp::from_s(100 + i), 0.5 * i}).ok());
  }
  ASSERT_TRUE(store_->record_metric("pnl", MetricPoint{Timestamp::from_s(101), 9.25}).ok());
  auto m = store_->metric_range("pnl", Timestamp::from_s(101), Timestamp::from_s(103));
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].value, 9.25);

  const UserId user("discord:42");
  EXPECT_FALSE(store_->get_setting(user, "persona")->has_value());
  ASSERT_TRUE(store_->put_setting(user, "persona", "Xyko").ok());
  ASSERT_TRUE(store_->put_setting(user, "persona", "Biel").ok());
  EXPECT_EQ(**store_->get_setting(user, "persona"), "Biel");

  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_
                    ->append_audit(AuditEntry{Timestamp::from_s(i), "user:42", "settings.set",
                                              "persona", i == 2 ? "denied" : "ok"})
                    .ok());
  }
  auto audit = store_->recent_audit(2);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[1].result, "denied");

  SignalRecord s{BotId("fib-1"), sym("BTC/USDT"), "fib_retracement", R"({"level":"0.618"})",
                 Timestamp::from_s(5)};
  ASSERT_TRUE(store_->append_signal(s).ok());
  auto signals = store_->recent_signals(10);
  ASSERT_TRUE(signals.ok()) << signals.error().to_string();
  ASSERT_EQ(signals->size(), 1u);
  EXPECT_EQ((*signals)[0].payload, s.payload);
  EXPECT_EQ((*signals)[0].kind, "fib_retracement");
}

TEST_P(StoreTest, ConsumerGroupResumesAndClaimsUnacked) {
  ASSERT_TRUE(store_->append_event("orders", "before-group").ok());
  ASSERT_TRUE(store_->create_group("orders", "notifier").ok());
  ASSERT_TRUE(store_->create_group("orders", "notifier").ok());  // existing group kept
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(store_->append_event("orders", fmt::format("e{}", i)).ok());
  auto first = store_->read_group("orders", "notifier", "c1", 3);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].payload, "e0");
  std::vector<std::string> acked = {(*first)[0].id};
  ASSERT_TRUE(store_->ack("orders", "notifier", acked).ok());
  // c1 "crashes" here: e1, e2 delivered but unacked. A restarted consumer takes them back.
  auto claimed =
      store_->claim_pending("orders", "notifier", "c2", std::chrono::milliseconds(0), 10);
  ASSERT_TRUE(claimed.ok()) << claimed.error().to_string();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].payload, "e1");
  auto rest = store_->read_group("orders", "notifier", "c2", 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[1].payload, "e4");
  EXPECT_TRUE(store_->read_group("orders", "notifier", "c2", 10)->empty());
  auto missing = store_->read_group("orders", "nobody", "c", 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_P(StoreTest, AGroupFromTheStartDeliversWhatWasWrittenBeforeIt) {
  ASSERT_TRUE(store_->append_event("cmds", "a").ok());
  ASSERT_TRUE(store_->append_event("cmds", "b").ok());
  ASSERT_TRUE(store_->create_group("cmds", "late").ok());
  ASSERT_TRUE(store_->create_group_from_start("cmds", "early").ok());
  EXPECT_TRUE(store_->read_group("cmds", "late", "c", 10)->empty());
  auto got = store_->read_group("cmds", "early", "c", 1);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().payload, "a");
  // Created again (a restart): the group keeps its position.
  ASSERT_TRUE(store_->create_group_from_start("cmds", "early").ok());
  got = store_->read_group("cmds", "early", "c", 10);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().payload, "b");
  ASSERT_TRUE(store_->append_event("cmds", "c").ok());
  EXPECT_EQ(store_->read_group("cmds", "late", "c", 10)->size(), 1u);
  // A stream nobody wrote to yet: the group is created and delivers the first entry.
  ASSERT_TRUE(store_->create_group_from_start("fresh", "g").ok());
  ASSERT_TRUE(store_->append_event("fresh", "first").ok());
  EXPECT_EQ(store_->read_group("fresh", "g", "c", 10)->size(), 1u);
}

TEST_P(StoreTest, PublishReachesSubscribers) {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> got;
  auto sub = store_->subscribe("alerts", [&](std::string_view channel, std::string_view msg) {
    std::lock_guard lock(mutex);
    got.push_back(std::string(channel) + "=" + std::string(msg));
    cv.notify_all();
  });
  ASSERT_TRUE(sub.ok()) << sub.error().to_string();
  auto n = store_->publish("alerts", "BTC crossed 0.618");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  std::unique_lock lock(mutex);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return !got.empty(); }));
  EXPECT_EQ(got[0], "alerts=BTC crossed 0.618");
  lock.unlock();
  sub->reset();
  // After reset the handler is never called again (its reader thread has been joined). The
  // server learns of the closed connection on its own schedule: a PUBLISH on another connection
  // can still be counted once, so ask until the count drops (bounded, one round trip each).
  std::int64_t receivers = 1;
  for (int attempt = 0; attempt < 10'000 && receivers != 0; ++attempt) {
    receivers = *store_->publish("alerts", "after");
  }
  EXPECT_EQ(receivers, 0);
  lock.lock();
  EXPECT_EQ(got.size(), 1u) << "a message reached the handler after reset";
}

TEST_P(StoreTest, CatalogListsWhatTheKeyedStoresHold) {
  EXPECT_TRUE(store_->candle_series()->empty());
  EXPECT_TRUE(store_->metric_names()->empty());
  EXPECT_TRUE(store_->all_state()->empty());
  EXPECT_TRUE(store_->all_settings()->empty());
  const Candle bar{
      Timestamp::from_s(1'700'000'000), px("1.0"), px("2.0"), px("0.5"), px("1.5"), qty("3")};
  ASSERT_TRUE(
      store_->append_candles(sym("BTC/USDT:USDT"), Timeframe::h4(), std::span(&bar, 1)).ok());
  ASSERT_TRUE(store_->append_candles(sym("ETH/USDT"), Timeframe::m1(), std::span(&bar, 1)).ok());
  ASSERT_TRUE(store_->record_metric("pnl:bot-1", MetricPoint{Timestamp::from_s(1), 2.5}).ok());
  ASSERT_TRUE(store_->compare_and_set_state(BotId("bot:1"), "k", 0, "v").ok());
  ASSERT_TRUE(store_->compare_and_set_state(BotId("bot:1"), "k", 1, "w").ok());
  ASSERT_TRUE(store_->put_setting(UserId("42"), "persona", "sage").ok());

  auto series = store_->candle_series();
  ASSERT_TRUE(series.ok()) << series.error().to_string();
  ASSERT_EQ(series->size(), 2u);
  std::ranges::sort(*series, {}, [](const CandleSeries& c) { return c.symbol.to_string(); });
  EXPECT_EQ((*series)[0].symbol.to_string(), "BTC/USDT:USDT");
  EXPECT_EQ((*series)[0].timeframe, Timeframe::h4());
  EXPECT_EQ((*series)[1].timeframe, Timeframe::m1());
  EXPECT_EQ(*store_->metric_names(), std::vector<std::string>{"pnl:bot-1"});
  auto state = store_->all_state();
  ASSERT_TRUE(state.ok()) << state.error().to_string();
  ASSERT_EQ(state->size(), 1u);
  EXPECT_EQ((*state)[0].bot_id.value(), "bot:1");
  EXPECT_EQ((*state)[0].value.value, "w");
  EXPECT_EQ((*state)[0].value.version, 2);
  auto settings = store_->all_settings();
  ASSERT_TRUE(settings.ok());
  ASSERT_EQ(settings->size(), 1u);
  EXPECT_EQ((*settings)[0].value, "sage");

  // Restore writes only over a lower version, keeping the version it was given.
  EXPECT_FALSE(*store_->restore_state(BotStateEntry{BotId("bot:1"), "k", {"old", 2}}));
  EXPECT_EQ((*store_->get_state(BotId("bot:1"), "k"))->value, "w");
  EXPECT_TRUE(*store_->restore_state(BotStateEntry{BotId("bot:1"), "k", {"new", 7}}));
  EXPECT_TRUE(*store_->restore_state(BotStateEntry{BotId("bot:2"), "k", {"fresh", 3}}));
  auto restored = store_->get_state(BotId("bot:1"), "k");
  EXPECT_EQ((*restored)->value, "new");
  EXPECT_EQ((*restored)->version, 7);
  EXPECT_EQ((*store_->get_state(BotId("bot:2"), "k"))->version, 3);
  EXPECT_EQ(*store_->compare_and_set_state(BotId("bot:1"), "k", 7, "next"), 8);
  EXPECT_TRUE(store_->check().ok());
}

TEST_P(StoreTest, TrimSeriesDeletesCandlesAndMetricPointsBeforeTheCutoff) {
  std::vector<Candle> bars;
  for (int i = 0; i < 5; ++i) {
    bars.push_back(Candle{Timestamp::from_s(1'700'000'000 + 60 * i), px("1.0"), px("2.0"),
                          px("0.5"), px("1.5"), qty("3")});
  }
  ASSERT_TRUE(store_->append_candles(sym("ETH/USDT"), Timeframe::m1(), bars).ok());
  ASSERT_TRUE(
      store_->append_candles(sym("BTC/USDT"), Timeframe::h1(), std::span(bars).first(1)).ok());
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(store_
                    ->record_metric("equity",
                                    MetricPoint{Timestamp::from_s(1'700'000'000 + 60 * i), 1.0 * i})
                    .ok());
  }
  const Timestamp cutoff = bars[2].open_time;
  auto deleted = store_->trim_series(cutoff);
  ASSERT_TRUE(deleted.ok()) << deleted.error().to_string();
  EXPECT_EQ(*deleted, 2 + 1 + 2);
  auto left = store_->candles(sym("ETH/USDT"), Timeframe::m1(), Timestamp(),
                              Timestamp::from_s(2'000'000'000));
  ASSERT_EQ(left->size(), 3u);
  EXPECT_EQ(left->front().open_time, cutoff);  // the cutoff itself is kept
  EXPECT_FALSE(store_->latest_candle(sym("BTC/USDT"), Timeframe::h1())->has_value());
  auto points = store_->metric_range("equity", Timestamp(), Timestamp::from_s(2'000'000'000));
  ASSERT_EQ(points->size(), 2u);
  EXPECT_EQ(points->front().ts, cutoff);
  EXPECT_EQ(*store_->trim_series(cutoff), 0);  // again: nothing left to delete
  EXPECT_TRUE(store_->check().ok());
}

TEST_P(StoreTest, LedgerEventsAreTheSameJsonOnBothBackendsForOddIds) {
  ASSERT_TRUE(store_->append_order(make_order("c\"1\\\n")).ok());
  ASSERT_TRUE(store_
                  ->update_order(ClientOrderId("c\"1\\\n"), OrderStatus::kAccepted,
                                 VenueOrderId("v"), Timestamp::from_s(1'700'000'001))
                  .ok());
  ASSERT_TRUE(store_->append_fill(make_fill("t\t1", "c\"1\\\n", OrderSide::kBuy, "0.01")).ok());
  auto ledger = store_->stream_snapshot("ledger");
  ASSERT_TRUE(ledger.ok()) << ledger.error().to_string();
  ASSERT_EQ(ledger->entries.size(), 3u);
  EXPECT_EQ(ledger->entries[0].payload,
            R"({"type":"order","client_order_id":"c\"1\\\n","status":"submitted"})");
  EXPECT_EQ(ledger->entries[1].payload,
            R"({"type":"order","client_order_id":"c\"1\\\n","status":"accepted"})");
  EXPECT_EQ(ledger->entries[2].payload,
            R"({"type":"fill","trade_id":"t\t1","client_order_id":"c\"1\\\n"})");
}

TEST_P(StoreTest, SchemaIsCurrentAndCheckPasses) {
  auto v = store_->schema_version();
  ASSERT_TRUE(v.ok());
  EXPECT_GE(*v, 1);
  ASSERT_TRUE(store_->append_order(make_order("c-1")).ok());
  Status st = store_->check();
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_TRUE(store_->health().connected);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace omega::store
