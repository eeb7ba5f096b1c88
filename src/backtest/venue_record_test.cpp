// The simulated exchange as the venue of record: a ledger whose process crashed between
// "recorded" and "acknowledged" is reconciled against it by client order id, on SQLite and on
// the harness Redis, adding exactly the fills the ledger missed and canceling what never left.
#include "backtest/venue_record.hpp"

#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "backtest/simulated_exchange.hpp"
#include "store/reconcile.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::backtest {
namespace {

Price px(const char* s) {
  return Price::parse(s).value();
}
Quantity qty(const char* s) {
  return Quantity::parse(s).value();
}

constexpr std::int64_t kMinute = 60'000'000'000;
const store::BotId kBot("paper-1");

engine::AccountInstrument perp() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT:USDT").value();
  spec.price_tick = px("0.1");
  spec.lot_step = qty("0.001");
  spec.max_leverage = 10;
  spec.maker_fee = Rate::parse("0.0002").value();
  spec.taker_fee = Rate::parse("0.0005").value();
  return engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 10, {}};
}

Candle bar(std::int64_t minute, const char* o, const char* h, const char* l, const char* c,
           const char* volume) {
  return Candle{Timestamp(minute * kMinute), px(o), px(h), px(l), px(c), qty(volume)};
}

engine::VenueOrder venue_order(const char* id, OrderType type, const char* quantity,
                               std::optional<Price> price = std::nullopt) {
  engine::VenueOrder o;
  o.client_order_id = ClientOrderId(id);
  o.side = OrderSide::kBuy;
  o.type = type;
  o.quantity = qty(quantity);
  o.price = price;
  o.ts = Timestamp(0);
  return o;
}

store::OrderRecord ledger_order(const engine::VenueOrder& o) {
  store::OrderRecord r;
  r.bot_id = kBot;
  r.client_order_id = o.client_order_id;
  r.symbol = Symbol::parse("BTC/USDT:USDT").value();
  r.side = o.side;
  r.type = o.type;
  r.quantity = *o.quantity;
  r.price = o.price;
  r.status = OrderStatus::kSubmitted;
  r.ts_created = o.ts;
  r.ts_updated = o.ts;
  return r;
}

// The paper ledger writer's shape: appends each reported fill with the trade id the venue
// gives it (the fill's ordinal per order), so reconciliation recognises it.
class LedgerWriter final : public engine::VenueListener {
 public:
  explicit LedgerWriter(store::LedgerStore& ledger) : ledger_(ledger) {}
  void on_order_accepted(const ClientOrderId&, Timestamp) override {}
  void on_order_rejected(const ClientOrderId&, std::string, Timestamp) override {}
  void on_quantity_resolved(const ClientOrderId&, const Quantity&, Timestamp) override {}
  void on_order_triggered(const ClientOrderId&, Timestamp) override {}
  void on_order_filled(const ClientOrderId& id, const Price& price, const Quantity& quantity,
                       const Money& fee, Liquidity liquidity, Timestamp ts) override {
    store::FillRecord f;
    f.bot_id = kBot;
    f.symbol = Symbol::parse("BTC/USDT:USDT").value();
    f.fill.trade_id = simulated_trade_id(id, ++fills_[id.value()]);
    f.fill.client_order_id = id;
    f.fill.venue_order_id = simulated_venue_order_id(id);
    f.fill.price = price;
    f.fill.quantity = quantity;
    f.fill.fee = fee;
    f.fill.fee_currency = Currency::parse("USDT").value();
    f.fill.liquidity = liquidity;
    f.fill.ts_event = ts;
    EXPECT_TRUE(ledger_.append_fill(f).ok());
  }
  void on_order_canceled(const ClientOrderId&, std::string, Timestamp) override {}
  void on_position_liquidated(engine::InstrumentIndex, const Price&, const Money&,
                              Timestamp) override {}
  void on_funding(engine::InstrumentIndex, const Rate&, const Price&, Timestamp) override {}

 private:
  store::LedgerStore& ledger_;
  std::map<std::string, std::size_t> fills_;
};

class VenueRecordTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = store::testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (!*s) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
    ASSERT_TRUE(portfolio_.add_instrument(perp()).ok());
  }
  void TearDown() override {
    store_.reset();
    for (const store::RedisOptions& r : redis_) {
      EXPECT_TRUE(store::testing::delete_prefix(r).ok());
    }
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  engine::Portfolio portfolio_{Money::parse("100000").value()};
};

TEST_P(VenueRecordTest, RecordedButUnacknowledgedOrdersReconcileAgainstTheSimulatedExchange) {
  store::Store& ledger = *store_;
  SimulatedExchangeConfig config;
  config.max_participation = Rate::parse("0.5").value();  // 1 BTC of a 2 BTC bar
  config.record_orders_for = kBot;
  SimulatedExchange venue(portfolio_, {}, config);
  LedgerWriter writer(ledger);
  venue.set_listener(&writer);

  // Recorded, sent, then filled in two parts: the writer saw the first, the crash ate the second.
  const auto market = venue_order("m-1", OrderType::kMarket, "1.5");
  // Recorded and sent; rests at the venue, its acknowledgement lost.
  const auto limit = venue_order("l-1", OrderType::kLimit, "1", px("50000"));
  // Recorded; the process died before it left.
  const auto unsent = venue_order("u-1", OrderType::kMarket, "1");
  for (const auto* o : {&market, &limit, &unsent}) {
    ASSERT_TRUE(ledger.append_order(ledger_order(*o)).ok());
  }
  venue.submit(market);
  venue.submit(limit);
  venue.process_bar(0, bar(1, "60000", "60100", "59900", "60050", "2"));
  venue.set_listener(nullptr);  // the crash: reports from here on reach nobody
  venue.process_bar(0, bar(2, "60050", "60200", "60000", "60100", "2"));
  ASSERT_EQ(ledger.fills()->size(), 1u);

  auto report = store::reconcile_ledger(ledger, venue, Timestamp::from_s(600));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->orders_checked, 3u);
  EXPECT_EQ(report->orders_updated, 2u);
  EXPECT_EQ(report->orders_never_sent, 1u);
  EXPECT_EQ(report->fills_added, 1u);  // the second part only: the first is there by trade id
  EXPECT_TRUE(report->unknown_at_ledger.empty());

  auto m = ledger.order(ClientOrderId("m-1"));
  ASSERT_TRUE(m.ok() && m->has_value());
  EXPECT_EQ((*m)->status, OrderStatus::kFilled);
  EXPECT_EQ((*m)->venue_order_id, VenueOrderId("sim-m-1"));
  auto l = ledger.order(ClientOrderId("l-1"));
  ASSERT_TRUE(l.ok() && l->has_value());
  EXPECT_EQ((*l)->status, OrderStatus::kAccepted);
  EXPECT_EQ((*l)->venue_order_id, VenueOrderId("sim-l-1"));
  EXPECT_EQ((*ledger.order(ClientOrderId("u-1")))->status, OrderStatus::kCanceled);

  auto fills = ledger.fills();
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), 2u);
  EXPECT_EQ((*fills)[0].fill.trade_id, TradeId("sim-m-1-1"));
  EXPECT_EQ((*fills)[0].fill.quantity, qty("1"));
  EXPECT_EQ((*fills)[1].fill.trade_id, TradeId("sim-m-1-2"));
  EXPECT_EQ((*fills)[1].fill.quantity, qty("0.5"));
  EXPECT_EQ((*fills)[1].fill.price, px("60050"));  // the second bar's open
  auto position = ledger.position(kBot, Symbol::parse("BTC/USDT:USDT").value());
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(position->net_quantity, qty("1.5"));
  EXPECT_EQ(position->fill_count, 2);

  // Idempotent: only the resting order is asked about again, and nothing changes.
  auto again = store::reconcile_ledger(ledger, venue, Timestamp::from_s(601));
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(again->orders_checked, 1u);
  EXPECT_EQ(again->orders_updated, 0u);
  EXPECT_EQ(again->fills_added, 0u);
  EXPECT_EQ(ledger.fills()->size(), 2u);

  // The venue fills the resting limit later; the next reconciliation takes it.
  venue.process_bar(0, bar(3, "50100", "50200", "49000", "49500", "4"));
  auto later = store::reconcile_ledger(ledger, venue, Timestamp::from_s(700));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->fills_added, 1u);
  EXPECT_EQ((*ledger.order(ClientOrderId("l-1")))->status, OrderStatus::kFilled);
  EXPECT_EQ(ledger.position(kBot, Symbol::parse("BTC/USDT:USDT").value())->net_quantity,
            qty("2.5"));
}

TEST_P(VenueRecordTest, OrdersTheLedgerLacksAreReported) {
  SimulatedExchangeConfig config;
  config.record_orders_for = kBot;
  SimulatedExchange venue(portfolio_, {}, config);
  venue.submit(venue_order("ghost-1", OrderType::kLimit, "1", px("1000")));
  auto report = store::reconcile_ledger(*store_, venue, Timestamp::from_s(1));
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->unknown_at_ledger.size(), 1u);
  EXPECT_EQ(report->unknown_at_ledger[0], ClientOrderId("ghost-1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, VenueRecordTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& param_info) { return param_info.param; });

TEST(SimulatedExchangeRecordTest, WithoutARecordTheExchangeRefusesToAnswer) {
  engine::Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(portfolio.add_instrument(perp()).ok());
  SimulatedExchange venue(portfolio, {}, SimulatedExchangeConfig{});
  venue.submit(venue_order("x-1", OrderType::kLimit, "1", px("1000")));
  auto found = venue.find_order(ClientOrderId("x-1"));
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code(), ErrorCode::kState);
  EXPECT_NE(found.error().to_string().find("record_orders_for"), std::string::npos);
  EXPECT_FALSE(venue.client_order_ids().ok());
}

TEST(SimulatedExchangeRecordTest, RecordPassesReportsOnAndTracksStatus) {
  engine::Portfolio portfolio(Money::parse("100000").value());
  ASSERT_TRUE(portfolio.add_instrument(perp()).ok());
  SimulatedExchangeConfig config;
  config.record_orders_for = kBot;
  SimulatedExchange venue(portfolio, {}, config);
  venue.submit(venue_order("c-1", OrderType::kLimit, "1", px("1000")));
  venue.cancel(ClientOrderId("c-1"), Timestamp(5));
  venue.submit(venue_order("f-1", OrderType::kMarket, "2"));
  venue.process_bar(0, bar(1, "60000", "60100", "59900", "60050", "10"));
  auto canceled = venue.find_order(ClientOrderId("c-1"));
  ASSERT_TRUE(canceled.ok() && canceled->has_value());
  EXPECT_EQ((*canceled)->status, OrderStatus::kCanceled);
  EXPECT_TRUE((*canceled)->fills.empty());
  auto filled = venue.find_order(ClientOrderId("f-1"));
  ASSERT_TRUE(filled.ok() && filled->has_value());
  EXPECT_EQ((*filled)->status, OrderStatus::kFilled);
  ASSERT_EQ((*filled)->fills.size(), 1u);
  EXPECT_EQ((*filled)->fills[0].bot_id, kBot);
  EXPECT_EQ((*filled)->fills[0].fill.fee_currency, Currency::parse("USDT").value());
  EXPECT_TRUE((*filled)->fills[0].fill.fee.is_positive());  // taker fee from the instrument
  EXPECT_FALSE(venue.find_order(ClientOrderId("nope"))->has_value());
  auto ids = venue.client_order_ids();
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<ClientOrderId>{ClientOrderId("c-1"), ClientOrderId("f-1")}));
}

}  // namespace
}  // namespace omega::backtest
