// reconcile_ledger against a small in-memory venue: sent-but-unacknowledged orders take the
// venue's state, never-sent orders are canceled, a second run changes nothing.
#include "store/reconcile.hpp"

#include <map>

#include <gtest/gtest.h>

#include "store/sqlite_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

class MapVenue final : public VenueOrderLookup {
 public:
  std::map<std::string, VenueOrder> orders;
  Result<std::optional<VenueOrder>> find_order(const ClientOrderId& id) override {
    auto it = orders.find(id.value());
    if (it == orders.end()) return std::optional<VenueOrder>();
    return std::optional<VenueOrder>(it->second);
  }
  Result<std::vector<ClientOrderId>> client_order_ids() override {
    std::vector<ClientOrderId> out;
    for (auto& [id, o] : orders) out.push_back(o.client_order_id);
    return out;
  }
};

OrderRecord order(std::string_view id) {
  OrderRecord o;
  o.bot_id = BotId("b");
  o.client_order_id = ClientOrderId(std::string(id));
  o.symbol = Symbol::parse("BTC/USDT").value();
  o.quantity = Quantity::parse("2").value();
  o.price = Price::parse("10").value();
  return o;
}

TEST(ReconcileTest, SentButUnacknowledgedAndNeverSentOrders) {
  testing::TempDir dir;
  auto store = SqliteStore::open(SqliteOptions{dir.path() / "r.db"});
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  ASSERT_TRUE(s.append_order(order("sent")).ok());        // crash after sending
  ASSERT_TRUE(s.append_order(order("never-sent")).ok());  // crash before sending
  MapVenue venue;
  FillRecord fill;
  fill.bot_id = BotId("b");
  fill.symbol = Symbol::parse("BTC/USDT").value();
  fill.fill.trade_id = TradeId("t1");
  fill.fill.client_order_id = ClientOrderId("sent");
  fill.fill.price = Price::parse("10").value();
  fill.fill.quantity = Quantity::parse("2").value();
  venue.orders["sent"] =
      VenueOrder{ClientOrderId("sent"), VenueOrderId("v1"), OrderStatus::kFilled, {fill}};
  auto report = reconcile_ledger(s, venue, Timestamp::from_s(9));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->orders_checked, 2u);
  EXPECT_EQ(report->orders_updated, 1u);
  EXPECT_EQ(report->orders_never_sent, 1u);
  EXPECT_EQ(report->fills_added, 1u);
  EXPECT_EQ((*s.order(ClientOrderId("sent")))->status, OrderStatus::kFilled);
  EXPECT_EQ((*s.order(ClientOrderId("sent")))->venue_order_id.value(), "v1");
  EXPECT_EQ((*s.order(ClientOrderId("never-sent")))->status, OrderStatus::kCanceled);
  EXPECT_EQ(s.position(BotId("b"), fill.symbol)->net_quantity, Quantity::parse("2").value());

  auto again = reconcile_ledger(s, venue, Timestamp::from_s(10));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->orders_checked, 0u);
  EXPECT_EQ(again->fills_added, 0u);

  venue.orders["ghost"] =
      VenueOrder{ClientOrderId("ghost"), VenueOrderId("v2"), OrderStatus::kAccepted, {}};
  auto ghost = reconcile_ledger(s, venue, Timestamp::from_s(11));
  ASSERT_TRUE(ghost.ok());
  ASSERT_EQ(ghost->unknown_at_ledger.size(), 1u);
}

}  // namespace
}  // namespace omega::store
