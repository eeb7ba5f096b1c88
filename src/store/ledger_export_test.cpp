// Store export/import: lossless round trips on each backend and between them, idempotent
// re-imports, and a half-written or corrupt file refused with nothing imported.
#include "store/ledger_export.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

void fill_ledger(Store& s) {
  for (int n = 0; n < 20; ++n) {
    OrderRecord o;
    o.bot_id = BotId(n % 2 == 0 ? "bot \"quoted\"" : "bot-b");
    o.client_order_id = ClientOrderId(fmt::format("c-{}", n));
    o.venue_order_id = VenueOrderId(n % 3 == 0 ? "" : fmt::format("v{}", n));
    o.symbol = Symbol::parse(n % 2 == 0 ? "BTC/USDT:USDT" : "ETH/USDT").value();
    o.side = n % 2 == 0 ? OrderSide::kBuy : OrderSide::kSell;
    o.type = n % 4 == 0 ? OrderType::kMarket : OrderType::kLimit;
    o.quantity = Quantity::from_raw_unchecked(1000 + n, 4);
    if (o.type != OrderType::kMarket) o.price = Price::from_raw_unchecked(6425050 + n, 2);
    o.status = n % 5 == 0 ? OrderStatus::kCanceled : OrderStatus::kFilled;
    o.ts_created = Timestamp::from_ns(1'700'000'000'123'456'789 + n);
    o.ts_updated = o.ts_created;
    ASSERT_TRUE(s.append_order(o).ok());
    FillRecord f;
    f.bot_id = o.bot_id;
    f.symbol = o.symbol;
    f.fill.trade_id = TradeId(fmt::format("t-{}\n", n));  // odd ids survive the round trip
    f.fill.client_order_id = o.client_order_id;
    f.fill.venue_order_id = o.venue_order_id;
    f.fill.side = o.side;
    f.fill.price = Price::from_raw_unchecked(6425050 + n, 2);
    f.fill.quantity = o.quantity;
    f.fill.fee = Money::from_raw_unchecked(-n, 8);
    f.fill.fee_currency = Currency::parse("USDT").value();
    f.fill.liquidity = n % 2 == 0 ? Liquidity::kMaker : Liquidity::kTaker;
    f.fill.ts_event = Timestamp::from_ns(1'700'000'000'999'999'999 + n);
    ASSERT_TRUE(s.append_fill(f).ok());
  }
}

// Fills every other store, with odd text and values that must survive the round trip.
void fill_the_rest(Store& s) {
  const Symbol eth = Symbol::parse("ETH/USDT").value();
  const Symbol btc = Symbol::parse("BTC/USDT:USDT").value();
  std::vector<Candle> bars;
  for (int n = 0; n < 5; ++n) {
    bars.push_back(Candle{Timestamp::from_s(1'700'000'000 + 60 * n),
                          Price::from_raw_unchecked(10010 + n, 2), Price::parse("101.25").value(),
                          Price::parse("99.0").value(), Price::from_raw_unchecked(1005000 + n, 4),
                          Quantity::from_raw_unchecked(12345 + n, 3)});
  }
  ASSERT_TRUE(s.append_candles(eth, Timeframe::m1(), bars).ok());
  ASSERT_TRUE(s.append_candles(btc, Timeframe::h1(), std::span(bars).first(2)).ok());
  ASSERT_TRUE(s.append_candles(btc, Timeframe::m1(), std::span(bars).last(1)).ok());
  for (int n = 0; n < 3; ++n) {
    SignalRecord sig{BotId("bot-b"), eth, n == 1 ? "bull_trap" : "fib_retracement",
                     fmt::format(R"({{"level":"0.618","n":{},"note":"tab	"}})", n),
                     Timestamp::from_ns(1'700'000'001'000'000'007 + n)};
    ASSERT_TRUE(s.append_signal(sig).ok());
  }
  ASSERT_TRUE(s.compare_and_set_state(BotId("bot-b"), "cursor", 0, "1").ok());
  ASSERT_TRUE(s.compare_and_set_state(BotId("bot-b"), "cursor", 1, "2").ok());
  ASSERT_TRUE(s.compare_and_set_state(BotId("bot-b"), "cursor", 2, "line\nbreak\n").ok());
  ASSERT_TRUE(s.compare_and_set_state(BotId("bot \"quoted\""), "json", 0, R"({"a":[1,2]})").ok());
  const double values[] = {0.1,        -1e-300, 1.0 / 3.0,
                           12345678.9, 0.0,     std::numeric_limits<double>::infinity()};
  for (int n = 0; n < 6; ++n) {
    ASSERT_TRUE(
        s.record_metric(n % 2 == 0 ? "equity" : "latency.ms",
                        MetricPoint{Timestamp::from_ns(1'700'000'000'000'000'001 + n), values[n]})
            .ok());
  }
  ASSERT_TRUE(s.put_setting(UserId("1234"), "persona", "sage").ok());
  ASSERT_TRUE(s.put_setting(UserId("1234"), "alerts", R"([{"rule":"pnl<-5%"}])").ok());
  ASSERT_TRUE(s.put_setting(UserId("console"), "persona", "").ok());
  for (int n = 0; n < 4; ++n) {
    AuditEntry a{Timestamp::from_ns(1'700'000'002'000'000'000 + n), "user:1234", "settings.set",
                 fmt::format("persona {}", n), n == 3 ? "denied: rate limit" : "ok"};
    ASSERT_TRUE(s.append_audit(a).ok());
  }
  ASSERT_TRUE(s.append_audit(AuditEntry{Timestamp::from_ns(1'700'000'002'000'000'000), "user:1234",
                                        "settings.set", "persona 0", "ok"})
                  .ok());  // the same entry twice is kept twice
}

// Event streams with consumer groups in every state: entries delivered and acknowledged,
// pending (one claimed a second time), never delivered, and a group on a stream with no entries.
void fill_streams(Store& s) {
  for (int n = 0; n < 5; ++n) {
    ASSERT_TRUE(
        s.append_event("notify", fmt::format(R"({{"to":"user:{}","text":"fill\n{}"}})", n, n))
            .ok());
  }
  ASSERT_TRUE(s.create_group("notify", "chat").ok());  // created after the 5: delivers what follows
  for (int n = 5; n < 10; ++n) ASSERT_TRUE(s.append_event("notify", fmt::format("n{}", n)).ok());
  auto read = s.read_group("notify", "chat", "chat-1", 3);  // n5 n6 n7
  ASSERT_TRUE(read.ok() && read->size() == 3u);
  const std::string acked[] = {read->at(1).id};
  ASSERT_TRUE(s.ack("notify", "chat", acked).ok());
  auto claimed = s.claim_pending("notify", "chat", "chat-2", std::chrono::milliseconds(0), 1);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1u);  // n5: chat-2, delivered twice
  ASSERT_TRUE(s.create_group("ledger", "dashboard").ok());
  ASSERT_TRUE(s.append_event("ledger", R"({"type":"note"})").ok());
  ASSERT_TRUE(s.create_group("alerts", "chat").ok());
}

void fill_everything(Store& s) {
  fill_ledger(s);
  fill_the_rest(s);
  fill_streams(s);
}

std::string export_text(Store& s) {
  std::ostringstream out;
  auto r = export_store(s, out);
  EXPECT_TRUE(r.ok());
  return out.str();
}

// The same round trip on each backend: SQLite files, and Redis on the harness server under two
// prefixes (skipped when OMEGA_TEST_REDIS_URL is unset).
class StoreExportTest : public ::testing::TestWithParam<std::string> {
 protected:
  void TearDown() override {
    stores_.clear();
    for (const RedisOptions& r : redis_) EXPECT_TRUE(testing::delete_prefix(r).ok());
  }
  // Opens a new, empty store of the backend under test.
  Store& open_empty() {
    if (GetParam() == "sqlite") {
      auto s =
          SqliteStore::open(SqliteOptions{dir_.path() / fmt::format("s{}.db", stores_.size())});
      EXPECT_TRUE(s.ok());
      stores_.push_back(std::move(s).value());
    } else {
      auto options = testing::harness_redis();
      redis_.push_back(*options);
      auto s = RedisStore::open(*options);
      EXPECT_TRUE(s.ok() && (*s)->migrate().ok());
      stores_.push_back(std::move(s).value());
    }
    return *stores_.back();
  }
  void SetUp() override {
    if (GetParam() == "redis" && !testing::harness_redis()) {
      GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    }
  }

  testing::TempDir dir_;
  std::vector<RedisOptions> redis_;
  std::vector<std::unique_ptr<Store>> stores_;
};

TEST_P(StoreExportTest, RoundTripIsLosslessAndImportingTwiceChangesNothing) {
  Store& a = open_empty();
  fill_everything(a);
  if (HasFatalFailure()) return;
  const std::string text = export_text(a);
  Store& b = open_empty();
  std::istringstream in(text);
  auto counts = import_store(b, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->audit, 5u);
  EXPECT_EQ(counts->stream_entries, 40u + 3u + 10u + 1u);
  EXPECT_EQ(counts->stream_groups, 3u);
  EXPECT_EQ(counts->stream_pending, 2u);
  EXPECT_EQ(export_text(b), text);
  std::istringstream again(text);
  ASSERT_TRUE(import_store(b, again).ok());
  EXPECT_EQ(export_text(b), text);
  EXPECT_EQ(b.recent_audit(100)->size(), 5u);
  EXPECT_EQ(b.recent_signals(100)->size(), 3u);
  EXPECT_TRUE(b.check().ok());
}

// After an import the consumers carry on where they stopped on the source.
void expect_consumers_resume(Store& b) {
  auto next = b.read_group("notify", "chat", "chat-1", 10);
  ASSERT_TRUE(next.ok()) << next.error().to_string();
  ASSERT_EQ(next->size(), 2u);
  EXPECT_EQ(next->at(0).payload, "n8");
  EXPECT_EQ(next->at(1).payload, "n9");
  auto pending = b.stream_snapshot("notify");
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->groups.size(), 1u);
  const auto& p = pending->groups[0].pending;
  ASSERT_EQ(p.size(), 4u);  // n5 (chat-2, twice), n7, and the two just read
  EXPECT_EQ(p[0].consumer, "chat-2");
  EXPECT_EQ(p[0].deliveries, 2);
  EXPECT_EQ(pending->entries[p[1].entry].payload, "n7");
  EXPECT_EQ(p[1].consumer, "chat-1");
  auto claimed = b.claim_pending("notify", "chat", "chat-3", std::chrono::milliseconds(0), 2);
  ASSERT_TRUE(claimed.ok()) << claimed.error().to_string();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ(claimed->at(0).payload, "n5");
  EXPECT_EQ(claimed->at(1).payload, "n7");
  auto dashboard = b.read_group("ledger", "dashboard", "d-1", 10);
  ASSERT_TRUE(dashboard.ok());
  ASSERT_EQ(dashboard->size(), 1u);
  EXPECT_EQ(dashboard->at(0).payload, R"({"type":"note"})");
  ASSERT_TRUE(b.append_event("alerts", "a0").ok());
  EXPECT_EQ(b.read_group("alerts", "chat", "chat-1", 10)->size(), 1u);
}

TEST_P(StoreExportTest, StreamsAndConsumerGroupsSurviveTheRoundTrip) {
  Store& a = open_empty();
  fill_everything(a);
  if (HasFatalFailure()) return;
  std::istringstream in(export_text(a));
  Store& b = open_empty();
  ASSERT_TRUE(import_store(b, in).ok());
  expect_consumers_resume(b);
}

TEST_P(StoreExportTest, ImportRefusesToReplaceStreamEntriesTheFileLacks) {
  Store& a = open_empty();
  fill_everything(a);
  if (HasFatalFailure()) return;
  const std::string text = export_text(a);
  Store& b = open_empty();
  ASSERT_TRUE(b.append_event("notify", "only on the target").ok());
  std::istringstream in(text);
  auto r = import_store(b, in);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("stream 'notify' on the target holds 1 entries"),
            std::string::npos)
      << r.error().message();
  EXPECT_TRUE(b.orders()->empty());  // nothing was imported
  // Leaving the streams alone merges the records and keeps the target's stream.
  std::istringstream merge(text);
  auto merged = import_store(b, merge, ImportOptions{.streams = false});
  ASSERT_TRUE(merged.ok()) << merged.error().to_string();
  EXPECT_EQ(b.orders()->size(), 20u);
  auto notify = b.stream_snapshot("notify");
  ASSERT_EQ(notify->entries.size(), 1u);
  EXPECT_EQ(notify->entries[0].payload, "only on the target");
}

TEST_P(StoreExportTest, HalfWrittenFileImportsNothing) {
  Store& a = open_empty();
  fill_everything(a);
  if (HasFatalFailure()) return;
  const std::string text = export_text(a);
  Store& b = open_empty();
  const std::size_t last_line = text.rfind('\n', text.size() - 2) + 1;
  std::istringstream in(text.substr(0, last_line));
  auto r = import_store(b, in);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().to_string().find("half-written"), std::string::npos);
  std::ostringstream out;
  auto counts = export_store(b, out);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->orders + counts->fills + counts->positions + counts->candles + counts->signals +
                counts->states + counts->metrics + counts->settings + counts->audit,
            0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreExportTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& param_info) { return param_info.param; });

TEST(LedgerExportTest, SqliteRoundTripIsLossless) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
  ASSERT_TRUE(a.ok() && b.ok());
  fill_everything(**a);
  const std::string text = export_text(**a);
  std::istringstream in(text);
  auto counts = import_store(**b, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->orders, 20u);
  EXPECT_EQ(counts->fills, 20u);
  EXPECT_EQ(counts->positions, 2u);
  EXPECT_EQ(counts->candles, 8u);
  EXPECT_EQ(counts->signals, 3u);
  EXPECT_EQ(counts->states, 2u);
  EXPECT_EQ(counts->metrics, 6u);
  EXPECT_EQ(counts->settings, 3u);
  EXPECT_EQ(counts->audit, 5u);
  EXPECT_EQ(export_text(**b), text);
  auto positions = (*a)->positions();
  ASSERT_TRUE(positions.ok());
  EXPECT_EQ(positions->size(), (*b)->positions()->size());
  for (const PositionSnapshot& p : *positions) {
    EXPECT_EQ((*b)->position(p.bot_id, p.symbol)->net_quantity, p.net_quantity);
  }
  std::istringstream again(text);  // importing twice changes nothing
  ASSERT_TRUE(import_store(**b, again).ok());
  EXPECT_EQ(export_text(**b), text);
}

TEST(LedgerExportTest, ExportHoldsEveryStore) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  ASSERT_TRUE(a.ok());
  fill_everything(**a);
  const std::string text = export_text(**a);
  EXPECT_EQ(text.substr(0, text.find('\n')), R"({"omega_store_export":3})");
  for (const char* kind : {"order", "fill", "position", "candle", "signal", "state", "metric",
                           "setting", "audit", "stream_entry", "stream_group", "stream_pending"}) {
    EXPECT_NE(text.find(fmt::format(R"({{"kind":"{}")", kind)), std::string::npos) << kind;
  }
  EXPECT_NE(text.find(R"("value":"inf")"), std::string::npos);
  EXPECT_NE(text.find(R"("value":"0.3333333333333333")"), std::string::npos);
  EXPECT_NE(text.find(R"("key":"cursor","value":"line\nbreak\n","version":3)"), std::string::npos);
  EXPECT_NE(text.find(R"({"kind":"stream_group","stream":"notify","group":"chat","delivered":8})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"kind":"stream_pending","stream":"notify","group":"chat","entry":5,)"
                      R"("consumer":"chat-2","deliveries":2})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"kind":"stream_group","stream":"alerts","group":"chat","delivered":0})"),
            std::string::npos);
  EXPECT_NE(text.find(R"({"omega_store_end":3,"orders":20,"fills":20,"positions":2,"candles":8,)"
                      R"("signals":3,"states":2,"metrics":6,"settings":3,"audit":5,)"
                      R"("stream_entries":54,"stream_groups":3,"stream_pending":2})"),
            std::string::npos)
      << text.substr(text.rfind('{'));
}

TEST(LedgerExportTest, VersionOneLedgerFilesStillImport) {
  testing::TempDir dir;
  auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
  ASSERT_TRUE(b.ok());
  std::istringstream in(
      R"({"omega_ledger_export":1})"
      "\n"
      R"({"kind":"order","bot_id":"b","client_order_id":"c-1","venue_order_id":"","symbol":"ETH/USDT",)"
      R"("side":"buy","type":"market","quantity":"1.0","price":null,"status":"filled",)"
      R"("ts_created":1,"ts_updated":2})"
      "\n"
      R"({"omega_ledger_end":1,"orders":1,"fills":0})"
      "\n");
  auto counts = import_store(**b, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->orders, 1u);
  EXPECT_EQ((*b)->orders()->size(), 1u);
}

TEST(LedgerExportTest, VersionTwoFilesStillImportAndLeaveStreamsAlone) {
  testing::TempDir dir;
  auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*b)->append_event("notify", "kept").ok());
  std::istringstream in(
      R"({"omega_store_export":2})"
      "\n"
      R"({"kind":"setting","user_id":"1234","key":"persona","value":"sage"})"
      "\n"
      R"({"omega_store_end":2,"orders":0,"fills":0,"positions":0,"candles":0,"signals":0,)"
      R"("states":0,"metrics":0,"settings":1,"audit":0})"
      "\n");
  auto counts = import_store(**b, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->settings, 1u);
  EXPECT_EQ(*(*b)->get_setting(UserId("1234"), "persona"), "sage");
  EXPECT_EQ((*b)->stream_snapshot("notify")->entries.size(), 1u);
}

TEST(LedgerExportTest, StateIsRestoredWithItsVersionAndNeverOverANewerOne) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
  ASSERT_TRUE(a.ok() && b.ok());
  fill_everything(**a);
  ASSERT_TRUE((*b)->compare_and_set_state(BotId("bot-b"), "cursor", 0, "x").ok());
  ASSERT_TRUE((*b)->compare_and_set_state(BotId("bot-b"), "cursor", 1, "y").ok());
  ASSERT_TRUE((*b)->compare_and_set_state(BotId("bot-b"), "cursor", 2, "z").ok());
  ASSERT_TRUE((*b)->compare_and_set_state(BotId("bot-b"), "cursor", 3, "newer").ok());
  std::istringstream in(export_text(**a));
  ASSERT_TRUE(import_store(**b, in).ok());
  auto kept = (*b)->get_state(BotId("bot-b"), "cursor");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->value, "newer");
  EXPECT_EQ((*kept)->version, 4);
  auto restored = (*b)->get_state(BotId("bot \"quoted\""), "json");
  ASSERT_TRUE(restored.ok() && restored->has_value());
  EXPECT_EQ((*restored)->version, 1);
  // A bot carries on from the restored version by compare-and-set.
  EXPECT_EQ(*(*b)->compare_and_set_state(BotId("bot \"quoted\""), "json", 1, "{}"), 2);
}

TEST(LedgerExportTest, SqliteToRedisAndBackIsLossless) {
  auto options = testing::harness_redis();
  if (!options) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  auto r = RedisStore::open(*options);
  ASSERT_TRUE(a.ok() && r.ok());
  fill_everything(**a);
  const std::string text = export_text(**a);
  std::istringstream in(text);
  auto counts = import_store(**r, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  const std::string from_redis = export_text(**r);
  EXPECT_EQ(from_redis, text);
  std::istringstream again(from_redis);  // importing twice changes nothing
  ASSERT_TRUE(import_store(**r, again).ok());
  EXPECT_EQ(export_text(**r), text);
  auto c = SqliteStore::open(SqliteOptions{dir.path() / "c.db"});
  ASSERT_TRUE(c.ok());
  std::istringstream back(from_redis);
  ASSERT_TRUE(import_store(**c, back).ok());
  EXPECT_EQ(export_text(**c), text);
  expect_consumers_resume(**r);
  expect_consumers_resume(**c);
  EXPECT_EQ(export_text(**a), text);  // the source is untouched
  EXPECT_TRUE(testing::delete_prefix(*options).ok());
}

TEST(LedgerExportTest, HalfWrittenOrCorruptFileImportsNothing) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  ASSERT_TRUE(a.ok());
  fill_everything(**a);
  const std::string text = export_text(**a);
  const std::size_t last_line = text.rfind('\n', text.size() - 2) + 1;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {text.substr(0, last_line), "half-written"},             // no end line
      {text.substr(0, text.size() / 2), "not a JSON object"},  // cut inside a line
      {text.substr(0, last_line) +
           R"({"omega_store_end":3,"orders":19,"fills":20,"positions":2,"candles":8,)"
           R"("signals":3,"states":2,"metrics":6,"settings":3,"audit":5,)"
           R"("stream_entries":54,"stream_groups":3,"stream_pending":2})" +
           "\n",
       "end line counts"},
      {text.substr(0, last_line) +
           R"({"omega_store_end":3,"orders":20,"fills":20,"positions":2,"candles":8,)"
           R"("signals":3,"states":2,"metrics":6,"settings":3,"audit":5,)"
           R"("stream_entries":54,"stream_groups":3,"stream_pending":1})" +
           "\n",
       "end line counts"},
      {text.substr(0, text.find(R"({"kind":"stream_pending")")), "half-written"},  // cut in streams
      {text.substr(0, last_line) +
           R"({"kind":"stream_pending","stream":"alerts","group":"chat","entry":0,)"
           R"("consumer":"x","deliveries":1})" +
           "\n" + text.substr(last_line),
       "delivered entries"},
      {"", "empty file"},
      {"{\"something\":\"else\"}\n", "not an omega store export"},
  };
  for (const auto& [body, expected] : cases) {
    auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
    ASSERT_TRUE(b.ok());
    std::istringstream in(body);
    auto r = import_store(**b, in);
    ASSERT_FALSE(r.ok()) << expected;
    EXPECT_NE(r.error().to_string().find(expected), std::string::npos) << r.error().to_string();
    EXPECT_TRUE((*b)->orders()->empty());
    EXPECT_TRUE((*b)->fills()->empty());
    EXPECT_TRUE((*b)->candle_series()->empty());
    EXPECT_TRUE((*b)->recent_signals(100)->empty());
    EXPECT_TRUE((*b)->all_state()->empty());
    EXPECT_TRUE((*b)->metric_names()->empty());
    EXPECT_TRUE((*b)->all_settings()->empty());
    EXPECT_TRUE((*b)->recent_audit(100)->empty());
    EXPECT_TRUE((*b)->stream_names()->empty());
  }
}

}  // namespace
}  // namespace omega::store
