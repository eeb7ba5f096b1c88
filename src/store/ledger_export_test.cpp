// Ledger export/import: lossless round trips between backends, and a half-written or corrupt
// file is refused with nothing imported.
#include "store/ledger_export.hpp"

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

std::string export_text(Store& s) {
  std::ostringstream out;
  auto r = export_ledger(s, out);
  EXPECT_TRUE(r.ok());
  return out.str();
}

TEST(LedgerExportTest, SqliteRoundTripIsLossless) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
  ASSERT_TRUE(a.ok() && b.ok());
  fill_ledger(**a);
  const std::string text = export_text(**a);
  std::istringstream in(text);
  auto counts = import_ledger(**b, in);
  ASSERT_TRUE(counts.ok()) << counts.error().to_string();
  EXPECT_EQ(counts->orders, 20u);
  EXPECT_EQ(counts->fills, 20u);
  EXPECT_EQ(export_text(**b), text);
  auto positions = (*a)->positions();
  ASSERT_TRUE(positions.ok());
  EXPECT_EQ(positions->size(), (*b)->positions()->size());
  for (const PositionSnapshot& p : *positions) {
    EXPECT_EQ((*b)->position(p.bot_id, p.symbol)->net_quantity, p.net_quantity);
  }
  std::istringstream again(text);  // importing twice changes nothing
  ASSERT_TRUE(import_ledger(**b, again).ok());
  EXPECT_EQ(export_text(**b), text);
}

TEST(LedgerExportTest, SqliteToRedisAndBackIsLossless) {
  auto options = testing::harness_redis();
  if (!options) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  auto r = RedisStore::open(*options);
  ASSERT_TRUE(a.ok() && r.ok());
  fill_ledger(**a);
  const std::string text = export_text(**a);
  std::istringstream in(text);
  ASSERT_TRUE(import_ledger(**r, in).ok());
  EXPECT_EQ(export_text(**r), text);
  EXPECT_TRUE(testing::delete_prefix(*options).ok());
}

TEST(LedgerExportTest, HalfWrittenOrCorruptFileImportsNothing) {
  testing::TempDir dir;
  auto a = SqliteStore::open(SqliteOptions{dir.path() / "a.db"});
  ASSERT_TRUE(a.ok());
  fill_ledger(**a);
  const std::string text = export_text(**a);
  const std::size_t last_line = text.rfind('\n', text.size() - 2) + 1;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {text.substr(0, last_line), "half-written"},             // no end line
      {text.substr(0, text.size() / 2), "not a JSON object"},  // cut inside a line
      {text.substr(0, last_line) + R"({"omega_ledger_end":1,"orders":19,"fills":20})" + "\n",
       "end line counts"},
      {"", "empty file"},
      {"{\"something\":\"else\"}\n", "not an omega ledger export"},
  };
  for (const auto& [body, expected] : cases) {
    auto b = SqliteStore::open(SqliteOptions{dir.path() / "b.db"});
    ASSERT_TRUE(b.ok());
    std::istringstream in(body);
    auto r = import_ledger(**b, in);
    ASSERT_FALSE(r.ok()) << expected;
    EXPECT_NE(r.error().to_string().find(expected), std::string::npos) << r.error().to_string();
    EXPECT_TRUE((*b)->orders()->empty());
    EXPECT_TRUE((*b)->fills()->empty());
  }
}

}  // namespace
}  // namespace omega::store
