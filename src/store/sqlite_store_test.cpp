// SQLite-only behaviour: refusing corrupt, foreign and newer files without changing them,
// forward migrations, and logs capped at write time like Redis' XADD MAXLEN.
#include "store/sqlite_store.hpp"

#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <sqlite3.h>  // the test edits files behind the store's back

#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// An order "c-1" of bot "b": one ledger write.
OrderRecord one_order() {
  OrderRecord o;
  o.bot_id = BotId("b");
  o.client_order_id = ClientOrderId("c-1");
  o.symbol = Symbol::parse("BTC/USDT").value();
  o.quantity = Quantity::parse("1").value();
  return o;
}

// Its fill "t-1" (1 at 100, fee 0.1 USDT).
FillRecord one_fill() {
  FillRecord r;
  r.bot_id = BotId("b");
  r.symbol = Symbol::parse("BTC/USDT").value();
  r.fill.trade_id = TradeId("t-1");
  r.fill.client_order_id = ClientOrderId("c-1");
  r.fill.venue_order_id = VenueOrderId("v-1");
  r.fill.price = Price::parse("100").value();
  r.fill.quantity = Quantity::parse("1").value();
  r.fill.fee = Money::parse("0.1").value();
  r.fill.fee_currency = Currency::parse("USDT").value();
  r.fill.ts_event = Timestamp::from_s(2);
  return r;
}

// The writes of a bar in which "c-1" is sent, accepted and filled.
Status write_bar(SqliteStore& s) {
  OMEGA_TRY(s.append_order(one_order()));
  OMEGA_TRY(s.update_order(ClientOrderId("c-1"), OrderStatus::kAccepted, VenueOrderId("v-1"), {}));
  OMEGA_TRY(s.append_fill(one_fill()));
  return s.update_order(ClientOrderId("c-1"), OrderStatus::kFilled, VenueOrderId("v-1"), {});
}

// Counts rows of `table` through a connection of its own (it sees committed data only).
std::int64_t committed_rows(const std::filesystem::path& p, const char* table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(p.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  const std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
  std::int64_t n = -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

void raw_exec(const std::filesystem::path& p, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::filesystem::path path_ = dir_.path() / "omega.db";
};

TEST_F(SqliteStoreTest, GarbageFileIsRefusedAndLeftAlone) {
  {
    std::ofstream out(path_, std::ios::binary);
    out << "this is not a database, it is a grocery list\n";
  }
  const std::string before = read_all(path_);
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kValidation);
  EXPECT_NE(s.error().message().find("not a SQLite database"), std::string::npos)
      << s.error().message();
  EXPECT_EQ(read_all(path_), before);
}

TEST_F(SqliteStoreTest, CorruptPagesAreRefusedAndLeftAlone) {
  {
    auto s = SqliteStore::open(SqliteOptions{path_});
    ASSERT_TRUE(s.ok());
    std::vector<Candle> bars;
    for (int i = 0; i < 2000; ++i) {
      bars.push_back(Candle{Timestamp::from_s(60 * i), Price::parse("1.5").value(),
                            Price::parse("2.5").value(), Price::parse("1.0").value(),
                            Price::parse("2.0").value(), Quantity::parse("10").value()});
    }
    ASSERT_TRUE(
        (*s)->append_candles(Symbol::parse("BTC/USDT").value(), Timeframe::m1(), bars).ok());
  }
  std::string bytes = read_all(path_);
  ASSERT_GT(bytes.size(), 8192u);
  for (std::size_t i = 4096 + 100; i < bytes.size() - 100; i += 4096) {
    for (std::size_t j = 0; j < 64; ++j) bytes[i + j] = static_cast<char>(0xA5);
  }
  {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kValidation) << s.error().to_string();
  EXPECT_NE(s.error().message().find("corrupt"), std::string::npos) << s.error().message();
  EXPECT_EQ(read_all(path_), bytes);
}

TEST_F(SqliteStoreTest, ForeignDatabaseIsRefused) {
  raw_exec(path_, "CREATE TABLE users(name TEXT); INSERT INTO users VALUES('ada');");
  const std::string before = read_all(path_);
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("another program"), std::string::npos) << s.error().message();
  EXPECT_EQ(read_all(path_), before);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(SqliteStore::open(SqliteOptions{path_}).ok());
  raw_exec(path_, "INSERT INTO omega_schema VALUES(99, 0, 'from the future')");
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("newer than this build"), std::string::npos);
}

TEST_F(SqliteStoreTest, OldFileMigratesForwardKeepingData) {
  {
    auto s = SqliteStore::open(SqliteOptions{path_});
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->append_order(one_order()).ok());
  }
  // Back to version 1: what a file written by the previous release looks like.
  raw_exec(path_, "DROP INDEX fills_by_order; DELETE FROM omega_schema WHERE version=2;");
  auto check_only =
      SqliteStore::open(SqliteOptions{path_}, SqliteStore::OpenOptions{.migrate = false});
  ASSERT_FALSE(check_only.ok());
  EXPECT_NE(check_only.error().message().find("omega store migrate"), std::string::npos);
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  EXPECT_EQ(*(*s)->schema_version(), kSqliteSchemaVersion);
  EXPECT_TRUE((*s)->check().ok());
  EXPECT_TRUE((*(*s)->order(ClientOrderId("c-1"))).has_value());
}

TEST_F(SqliteStoreTest, FileIsInWalModeAndCheckVerifiesFullSync) {
  auto s = SqliteStore::open(SqliteOptions{path_});
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  ASSERT_TRUE((*s)->append_order(one_order()).ok());
  // check() reads journal_mode and synchronous on the store's own connection.
  EXPECT_TRUE((*s)->check().ok());
  // WAL is a property of the file: another connection sees it, and the log file exists.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_TRUE(std::filesystem::exists(path_.string() + "-wal"));
}

TEST_F(SqliteStoreTest, AWriteBatchKeepsAllOfItsWritesOrNone) {
  auto opened = SqliteStore::open(SqliteOptions{path_});
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  SqliteStore& s = **opened;
  // A bar's writes in a batch that is rolled back: no partial rows anywhere.
  auto begun = s.begin_batch();
  ASSERT_TRUE(begun.ok()) << begun.error().to_string();
  ASSERT_TRUE(*begun);
  ASSERT_TRUE(write_bar(s).ok());
  // The batch's own reads see it; a second batch cannot open inside it.
  ASSERT_TRUE((*s.order(ClientOrderId("c-1"))).has_value());
  EXPECT_EQ(s.order(ClientOrderId("c-1")).value()->status, OrderStatus::kFilled);
  EXPECT_EQ(s.begin_batch().error().code(), ErrorCode::kState);
  // A write that fails inside the batch leaves the batch as it was.
  auto missing = s.update_order(ClientOrderId("c-404"), OrderStatus::kCanceled, VenueOrderId(), {});
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(s.fills()->size(), 1u);
  EXPECT_EQ(s.stream_snapshot("ledger")->entries.size(), 4u);
  // Nothing is durable before the commit: another connection sees none of it.
  EXPECT_EQ(committed_rows(path_, "orders"), 0);
  EXPECT_EQ(committed_rows(path_, "fills"), 0);
  ASSERT_TRUE(s.rollback_batch().ok());
  EXPECT_FALSE((*s.order(ClientOrderId("c-1"))).has_value());
  EXPECT_TRUE(s.fills()->empty());
  EXPECT_TRUE(s.positions()->empty());
  EXPECT_TRUE(s.stream_snapshot("ledger")->entries.empty());
  EXPECT_EQ(s.rollback_batch().error().code(), ErrorCode::kState);  // none open any more
  // The same writes committed: all of them, durable, seen by every connection.
  ASSERT_TRUE(*s.begin_batch());
  ASSERT_TRUE(write_bar(s).ok());
  ASSERT_TRUE(s.commit_batch().ok());
  EXPECT_EQ(committed_rows(path_, "orders"), 1);
  EXPECT_EQ(committed_rows(path_, "fills"), 1);
  EXPECT_EQ(committed_rows(path_, "positions"), 1);
  EXPECT_EQ(committed_rows(path_, "stream_entries"), 4);
  EXPECT_EQ(s.commit_batch().error().code(), ErrorCode::kState);
  // Outside a batch every write is its own transaction again.
  ASSERT_TRUE(s.update_order(ClientOrderId("c-1"), OrderStatus::kFilled, VenueOrderId(), {}).ok());
  EXPECT_EQ(committed_rows(path_, "stream_entries"), 5);
}

TEST_F(SqliteStoreTest, LogsAreCappedAtWriteTimeLikeXaddMaxlen) {
  auto store = SqliteStore::open(SqliteOptions{path_, 2});
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  SqliteStore& s = **store;
  for (int n = 0; n < 5; ++n) {
    ASSERT_TRUE(s.append_event("notify", "e" + std::to_string(n)).ok());
    ASSERT_TRUE(s.append_signal(SignalRecord{BotId("b"), Symbol::parse("ETH/USDT").value(), "k",
                                             "s" + std::to_string(n), Timestamp::from_s(n)})
                    .ok());
  }
  for (int n = 0; n < 205; ++n) {
    ASSERT_TRUE(s.append_audit(AuditEntry{Timestamp::from_s(n), "system", "a", "t", "ok"}).ok());
  }
  auto notify = s.stream_snapshot("notify");
  ASSERT_EQ(notify->entries.size(), 2u);
  EXPECT_EQ(notify->entries[0].payload, "e3");
  EXPECT_EQ(notify->entries[1].payload, "e4");
  EXPECT_EQ(s.stream_snapshot("signals")->entries.size(), 2u);
  auto signals = s.recent_signals(100);
  ASSERT_EQ(signals->size(), 2u);
  EXPECT_EQ(signals->back().payload, "s4");
  auto audit = s.recent_audit(1000);
  ASSERT_EQ(audit->size(), 200u);  // 100 times the stream cap
  EXPECT_EQ(audit->front().ts, Timestamp::from_s(5));
  // 0 turns the cap off.
  auto uncapped = SqliteStore::open(SqliteOptions{dir_.path() / "uncapped.db", 0});
  ASSERT_TRUE(uncapped.ok());
  for (int n = 0; n < 5; ++n) ASSERT_TRUE((*uncapped)->append_event("notify", "x").ok());
  EXPECT_EQ((*uncapped)->stream_snapshot("notify")->entries.size(), 5u);
}

}  // namespace
}  // namespace omega::store
