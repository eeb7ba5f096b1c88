// Redis-only behaviour against servers the tests start themselves (password, restart) or the
// harness server (wrong key types): clear errors that change nothing, and the WhenDown policy.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/redis_connection.hpp"
#include "store/redis_store.hpp"
#include "store/testing/redis_server.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

using std::chrono::milliseconds;

OrderRecord make_order(int n) {
  OrderRecord o;
  o.bot_id = BotId("bot-r");
  o.client_order_id = ClientOrderId(fmt::format("r{}", n));
  o.symbol = Symbol::parse("ETH/USDT:USDT").value();
  o.quantity = Quantity::from_raw_unchecked(n + 1, 3);
  o.price = Price::from_raw_unchecked(300'000 + n, 2);
  o.ts_created = Timestamp::from_s(n);
  o.ts_updated = o.ts_created;
  return o;
}

// Skips when redis-server cannot be started here (not installed).
#define START_OR_SKIP(server, ...)                                                           \
  do {                                                                                       \
    Status started_ = (server).start(__VA_ARGS__);                                           \
    if (!started_.ok()) GTEST_SKIP() << "no redis-server: " << started_.error().to_string(); \
  } while (false)

TEST(RedisAuthTest, WrongPasswordIsRefusedClearly) {
  testing::RedisServer server;
  START_OR_SKIP(server, testing::RedisServer::Options{.password = "right-horse-battery"});
  RedisOptions o = server.client_options();
  o.password = "wrong-password-123";
  auto s = RedisStore::open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(s.error().message().find("AUTH failed"), std::string::npos) << s.error().message();
  EXPECT_EQ(s.error().to_string().find("wrong-password-123"), std::string::npos);

  o.password.clear();
  auto none = RedisStore::open(o);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(none.error().message().find("requires a password"), std::string::npos);

  o = server.client_options();
  o.username = "default";  // ACL form: AUTH user password
  auto good = RedisStore::open(o);
  ASSERT_TRUE(good.ok()) << good.error().to_string();
  EXPECT_TRUE((*good)->migrate().ok());
}

TEST(RedisAuthTest, UnreachableServerIsUnavailable) {
  testing::RedisServer server;
  START_OR_SKIP(server);
  RedisOptions o = server.client_options();
  server.stop();
  o.connect_timeout = milliseconds(200);
  auto s = RedisStore::open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
}

TEST(RedisKeysTest, WrongTypeKeyIsAClearErrorAndChangesNothing) {
  auto options = testing::harness_redis();
  if (!options) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
  auto store = RedisStore::open(*options);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  ASSERT_TRUE((*store)->migrate().ok());
  auto conn = RedisConnection::open(*options);
  ASSERT_TRUE(conn.ok());
  const std::string index = options->key_prefix + "ledger:orders";
  ASSERT_TRUE((*conn)->command({"SET", index, "not a sorted set"}).ok());

  auto r = (*store)->append_order(make_order(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kValidation);
  EXPECT_NE(r.error().message().find(index), std::string::npos) << r.error().message();
  // Nothing was written: no order hash, no sequence number taken.
  EXPECT_EQ((*conn)->command({"EXISTS", options->key_prefix + "order:r1"})->integer, 0);
  EXPECT_EQ((*conn)->command({"EXISTS", options->key_prefix + "ledger:order_seq"})->integer, 0);
  EXPECT_EQ((*conn)->command({"GET", index})->str, "not a sorted set");

  Status check = (*store)->check();
  ASSERT_FALSE(check.ok());
  EXPECT_NE(check.error().message().find(index + " is a string, expected a zset"),
            std::string::npos)
      << check.error().message();
  auto read = (*store)->orders();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code(), ErrorCode::kValidation);

  // A stream key of the wrong type: retention, export and import name it and change nothing.
  const std::string stream = options->key_prefix + "stream:notify";
  ASSERT_TRUE((*conn)->command({"HSET", stream, "not", "a stream"}).ok());
  ASSERT_TRUE((*store)->append_event("other", "kept").ok());
  LogRetention trim_all;
  trim_all.streams.max_len = 0;
  auto trimmed = (*store)->trim_logs(trim_all);
  ASSERT_FALSE(trimmed.ok());
  EXPECT_EQ(trimmed.error().code(), ErrorCode::kValidation);
  EXPECT_NE(trimmed.error().message().find(stream), std::string::npos) << trimmed.error().message();
  auto snap = (*store)->stream_snapshot("notify");
  ASSERT_FALSE(snap.ok());
  EXPECT_NE(snap.error().message().find(stream + " holds a hash"), std::string::npos)
      << snap.error().message();
  Status restored = (*store)->restore_stream(StreamSnapshot{"notify", {{"", "x"}}, {}});
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code(), ErrorCode::kValidation);
  EXPECT_EQ((*conn)->command({"HGET", stream, "not"})->str, "a stream");
  EXPECT_EQ((*conn)->command({"XLEN", options->key_prefix + "stream:other"})->integer, 1);
  EXPECT_TRUE(testing::delete_prefix(*options).ok());
}

TEST(RedisScriptsTest, FlushedScriptCacheFallsBackToEvalAndReloads) {
  testing::RedisServer server;
  START_OR_SKIP(server);
  auto store = RedisStore::open(server.client_options());
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  ASSERT_TRUE((*store)->migrate().ok());
  ASSERT_TRUE((*store)->append_order(make_order(1)).ok());
  auto conn = RedisConnection::open(server.client_options());
  ASSERT_TRUE(conn.ok());
  ASSERT_TRUE((*conn)->command({"SCRIPT", "FLUSH"}).ok());
  EXPECT_EQ((*conn)->command({"SCRIPT", "EXISTS", "0"})->elements.size(), 1u);

  // EVALSHA meets NOSCRIPT: the client sends the body once and loads the scripts again.
  auto second = (*store)->append_order(make_order(2));
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(*second, AppendOutcome::kInserted);
  auto dup = (*store)->append_order(make_order(2));
  ASSERT_TRUE(dup.ok()) << dup.error().to_string();
  EXPECT_EQ(*dup, AppendOutcome::kDuplicate);
  auto info = (*conn)->command({"INFO", "memory"});
  ASSERT_TRUE(info.ok());
  EXPECT_NE(info->str.find("number_of_cached_scripts:7"), std::string::npos) << info->str;
  EXPECT_EQ((*store)->orders()->size(), 2u);
}

RedisOptions fast_options(const testing::RedisServer& server, WhenDown when_down) {
  RedisOptions o = server.client_options();
  o.when_down = when_down;
  o.connect_timeout = milliseconds(200);
  o.command_timeout = milliseconds(500);
  o.backoff_initial = milliseconds(10);
  o.backoff_max = milliseconds(100);
  return o;
}

TEST(RedisRestartTest, BufferedWritesLandAfterRestartAndNothingAcknowledgedIsLost) {
  testing::RedisServer server;
  START_OR_SKIP(server);  // appendfsync always: what Redis acknowledged survives SIGKILL
  auto store = RedisStore::open(fast_options(server, WhenDown::kBuffer));
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  RedisStore& s = **store;
  ASSERT_TRUE(s.migrate().ok());
  for (int n = 0; n < 50; ++n) ASSERT_TRUE(s.append_order(make_order(n)).ok());

  server.kill();
  int buffered = 0;
  for (int n = 50; n < 100; ++n) {
    auto r = s.append_order(make_order(n));
    if (r.ok()) continue;  // cannot happen while down, but an ack is an ack
    EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
    EXPECT_NE(r.error().message().find("buffered"), std::string::npos) << r.error().message();
    ++buffered;
  }
  EXPECT_EQ(buffered, 50);
  StoreHealth down = s.health();
  EXPECT_FALSE(down.connected);
  EXPECT_FALSE(down.must_halt());
  EXPECT_EQ(down.buffered_writes, 50u);
  EXPECT_NE(down.message.find("buffering writes"), std::string::npos) << down.message;
  auto read = s.orders();
  ASSERT_FALSE(read.ok());  // reads are refused while down, never answered from a stale cache

  ASSERT_TRUE(server.restart().ok());
  ASSERT_TRUE(s.flush(milliseconds(10'000)).ok());
  StoreHealth up = s.health();
  EXPECT_TRUE(up.connected);
  EXPECT_GE(up.reconnects, 1u);
  auto orders = s.orders();
  ASSERT_TRUE(orders.ok()) << orders.error().to_string();
  ASSERT_EQ(orders->size(), 100u);
  for (int n = 0; n < 100; ++n) {
    EXPECT_EQ((*orders)[static_cast<std::size_t>(n)].client_order_id.value(),
              fmt::format("r{}", n));
  }
}

TEST(RedisRestartTest, HaltPolicyRefusesWritesWhileDownAndSaysSo) {
  testing::RedisServer server;
  START_OR_SKIP(server);
  auto store = RedisStore::open(fast_options(server, WhenDown::kHalt));
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  RedisStore& s = **store;
  ASSERT_TRUE(s.append_order(make_order(0)).ok());
  server.kill();
  for (int n = 1; n < 5; ++n) {
    auto r = s.append_order(make_order(n));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  }
  StoreHealth down = s.health();
  EXPECT_TRUE(down.must_halt());
  EXPECT_EQ(down.buffered_writes, 0u);
  EXPECT_NE(down.message.find("halted"), std::string::npos) << down.message;

  ASSERT_TRUE(server.restart().ok());
  ASSERT_TRUE(s.wait_connected(milliseconds(10'000)).ok());
  EXPECT_FALSE(s.health().must_halt());
  ASSERT_TRUE(s.append_order(make_order(5)).ok());
  auto orders = s.orders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 2u);  // r0 (acknowledged before the crash) and r5; r1..r4 refused
}

TEST(RedisRestartTest, SubscriptionSurvivesRestart) {
  testing::RedisServer server;
  START_OR_SKIP(server);
  auto store = RedisStore::open(fast_options(server, WhenDown::kBuffer));
  ASSERT_TRUE(store.ok());
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> got;
  auto sub = (*store)->subscribe("fills", [&](std::string_view, std::string_view m) {
    std::lock_guard lock(mutex);
    got.emplace_back(m);
    cv.notify_all();
  });
  ASSERT_TRUE(sub.ok());
  server.kill();
  ASSERT_TRUE(server.restart().ok());
  // The subscriber reconnects on its own schedule: publish until someone hears (bounded).
  std::unique_lock lock(mutex);
  for (int attempt = 0; attempt < 200 && got.empty(); ++attempt) {
    lock.unlock();
    (void)(*store)->publish("fills", "after-restart");
    lock.lock();
    cv.wait_for(lock, milliseconds(50), [&] { return !got.empty(); });
  }
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back(), "after-restart");
}

}  // namespace
}  // namespace omega::store
