// LedgerVenue and VenueLookups on a real SQLite ledger: orders are recorded before the
// exchange sees them, fills and statuses follow, a duplicate id is never sent, and a ledger that
// lost everything after "recorded" is brought back in line with the exchange's order record.
#include "paper/ledger_venue.hpp"

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "backtest/script_bot_testing.hpp"
#include "paper/venue_lookups.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::paper {
namespace {

using backtest::testing::ScriptBot;

backtest::BacktestConfig account() {
  backtest::BacktestConfig config;
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.001").value();
  spec.maker_fee = Rate::parse("0.001").value();
  spec.taker_fee = Rate::parse("0.001").value();
  config.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  config.starting_balance = Money::parse("10000").value();
  config.exchange.record_orders_for = store::BotId("script");
  return config;
}

// Ten one-minute bars rising by 10 from 100.
data::CandleSeries bars() {
  data::CandleSeries s(2, 3);
  for (int i = 0; i < 10; ++i) {
    const std::int64_t base = (100 + 10 * i) * 100;
    s.push_back_raw(Timestamp::from_s(60 * i).ns(), base, base + 500, base - 500, base + 300,
                    1000'000);
  }
  return s;
}

engine::SubmitOrder market(OrderSide side, const char* qty) {
  engine::SubmitOrder o;
  o.side = side;
  o.quantity = Quantity::parse(qty).value();
  return o;
}

engine::SubmitOrder limit(OrderSide side, const char* qty, const char* price) {
  engine::SubmitOrder o = market(side, qty);
  o.type = OrderType::kLimit;
  o.price = Price::parse(price).value();
  return o;
}

class LedgerVenueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::testing::open_test_store("sqlite", dir_.path(), redis_);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    store_ = std::move(opened).value();
  }
  // Runs the script through an engine whose venue is a LedgerVenue over `ledger`.
  Result<backtest::BacktestResult> run(ScriptBot* bot, std::unique_ptr<ScriptBot> owned,
                                       store::LedgerStore& ledger) {
    auto wrap = [&](backtest::SimulatedExchange& exchange) {
      exchange_ = &exchange;
      return std::unique_ptr<engine::ExecutionVenue>(std::make_unique<LedgerVenue>(
          ledger, exchange, identity_,
          [this](const Error& e) { errors_.push_back(e.to_string()); }));
    };
    OMEGA_ASSIGN_OR_RETURN(auto engine, backtest::BacktestEngine::create(account(), wrap));
    (void)bot;
    OMEGA_TRY(engine->add_bot(std::move(owned), engine::BotId("script"), Config()));
    series_ = bars();
    auto result = engine->run(series_);
    engine_ = std::move(engine);
    return result;
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  LedgerIdentity identity_{store::BotId("script"), Symbol::parse("BTC/USDT").value(), "r7."};
  backtest::SimulatedExchange* exchange_ = nullptr;
  std::unique_ptr<backtest::BacktestEngine> engine_;
  data::CandleSeries series_{2, 3};
  std::vector<std::string> errors_;
};

TEST_F(LedgerVenueTest, RecordsEachOrderBeforeTheExchangeAndItsFillsAfter) {
  auto owned = std::make_unique<ScriptBot>();
  ScriptBot* bot = owned.get();
  bot->script[1] = {market(OrderSide::kBuy, "1")};
  bot->script[3] = {limit(OrderSide::kBuy, "0.4", "1")};  // rests, never fills
  bot->script[5] = {market(OrderSide::kSell, "1")};
  ASSERT_TRUE(store_->create_group("ledger", "test").ok());
  auto result = run(bot, std::move(owned), *store_);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(errors_.empty());
  // The ledger's own event stream, in write order: each order is recorded (submitted) before
  // the exchange's acknowledgement, and a fill before the status it completes.
  auto events = store_->read_group("ledger", "test", "me", 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> got;
  for (const auto& e : *events) got.push_back(e.payload);
  const std::vector<std::string> want = {
      R"({"type":"order","client_order_id":"r7.script-1","status":"submitted"})",
      R"({"type":"order","client_order_id":"r7.script-1","status":"accepted"})",
      R"({"type":"fill","trade_id":"sim-r7.script-1-1","client_order_id":"r7.script-1"})",
      R"({"type":"order","client_order_id":"r7.script-1","status":"filled"})",
      R"({"type":"order","client_order_id":"r7.script-2","status":"submitted"})",
      R"({"type":"order","client_order_id":"r7.script-2","status":"accepted"})",
      R"({"type":"order","client_order_id":"r7.script-3","status":"submitted"})",
      R"({"type":"order","client_order_id":"r7.script-3","status":"accepted"})",
      R"({"type":"fill","trade_id":"sim-r7.script-3-1","client_order_id":"r7.script-3"})",
      R"({"type":"order","client_order_id":"r7.script-3","status":"filled"})",
  };
  EXPECT_EQ(got, want);
  auto orders = store_->orders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 3u);
  EXPECT_EQ((*orders)[0].client_order_id.value(), "r7.script-1");
  EXPECT_EQ((*orders)[0].status, OrderStatus::kFilled);
  EXPECT_EQ((*orders)[0].venue_order_id.value(), "sim-r7.script-1");
  EXPECT_EQ((*orders)[1].client_order_id.value(), "r7.script-2");
  EXPECT_EQ((*orders)[1].status, OrderStatus::kAccepted);
  EXPECT_EQ((*orders)[1].price->to_string_trimmed(), "1");
  EXPECT_EQ((*orders)[2].status, OrderStatus::kFilled);
  auto fills = store_->fills();
  ASSERT_TRUE(fills.ok());
  ASSERT_EQ(fills->size(), 2u);
  EXPECT_EQ((*fills)[0].fill.trade_id.value(), "sim-r7.script-1-1");
  EXPECT_EQ((*fills)[0].fill.fee_currency.code(), "USDT");
  EXPECT_EQ((*fills)[0].fill.quantity.to_string_trimmed(), "1");
  auto position = store_->position(store::BotId("script"), identity_.symbol);
  ASSERT_TRUE(position.ok());
  EXPECT_TRUE(position->net_quantity.is_zero());
  // The kernel and the bot only ever see their own ids.
  for (const auto& u : bot->orders) EXPECT_EQ(u.client_order_id.value().rfind("script-", 0), 0u);
  EXPECT_EQ(result->orders[0].id.value(), "script-1");
  EXPECT_EQ(result->orders[0].status, engine::OrderUpdateKind::kFilled);
}

TEST_F(LedgerVenueTest, ABarsLedgerWritesBecomeDurableTogetherWhenTheBarEnds) {
  const std::filesystem::path path = dir_.path() / "bars.db";
  auto opened = store::SqliteStore::open(store::SqliteOptions{path});
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  store::SqliteStore& ledger = **opened;
  auto owned = std::make_unique<ScriptBot>();
  owned->script[1] = {market(OrderSide::kBuy, "1"), limit(OrderSide::kBuy, "0.4", "1")};
  LedgerVenue* venue = nullptr;
  auto wrap = [&](backtest::SimulatedExchange& exchange) {
    auto v = std::make_unique<LedgerVenue>(
        ledger, exchange, identity_, [this](const Error& e) { errors_.push_back(e.to_string()); });
    venue = v.get();
    return std::unique_ptr<engine::ExecutionVenue>(std::move(v));
  };
  auto engine = backtest::BacktestEngine::create(account(), wrap);
  ASSERT_TRUE(engine.ok()) << engine.error().to_string();
  ASSERT_TRUE((*engine)->add_bot(std::move(owned), engine::BotId("script"), Config()).ok());
  series_ = bars();
  ASSERT_TRUE((*engine)->begin(series_).ok());
  // A connection of its own sees what is durable, and nothing else.
  auto observer = store::SqliteStore::open(store::SqliteOptions{path}, {.migrate = false}).value();
  auto durable_orders = [&] { return observer->orders().value().size(); };
  auto durable_fills = [&] { return observer->fills().value().size(); };
  // Stepped as PaperSession steps: begin_bar, step, end_bar. Bar 0 writes nothing.
  auto step = [&] { return (*engine)->step(); };
  venue->begin_bar();
  ASSERT_TRUE(step().ok());
  venue->end_bar();
  // Bar 1: two orders recorded and accepted, all in one open batch until the bar ends.
  venue->begin_bar();
  ASSERT_TRUE(step().ok());
  EXPECT_EQ(ledger.orders()->size(), 2u);  // the writing connection sees its batch
  EXPECT_EQ(ledger.order(ClientOrderId("r7.script-2")).value()->status, OrderStatus::kAccepted);
  EXPECT_EQ(durable_orders(), 0u);
  EXPECT_EQ(ledger.begin_batch().error().code(), ErrorCode::kState);  // the bar's is open
  venue->end_bar();
  EXPECT_EQ(durable_orders(), 2u);
  EXPECT_EQ(observer->order(ClientOrderId("r7.script-2")).value()->status, OrderStatus::kAccepted);
  // Bar 2: the market order fills at the open; its fill and status land together.
  venue->begin_bar();
  ASSERT_TRUE(step().ok());
  EXPECT_EQ(ledger.fills()->size(), 1u);
  EXPECT_EQ(durable_fills(), 0u);
  EXPECT_EQ(observer->order(ClientOrderId("r7.script-1")).value()->status, OrderStatus::kAccepted);
  venue->end_bar();
  EXPECT_EQ(durable_fills(), 1u);
  EXPECT_EQ(observer->order(ClientOrderId("r7.script-1")).value()->status, OrderStatus::kFilled);
  // Between bars (a trade confirmed in chat, run as a posted task) each write is durable at once.
  ASSERT_TRUE(
      (*engine)->kernel().submit(engine::BotId("script"), market(OrderSide::kSell, "1")).ok());
  EXPECT_EQ(durable_orders(), 3u);
  EXPECT_TRUE(errors_.empty());
}

TEST_F(LedgerVenueTest, AnIdTheLedgerAlreadyHoldsIsNeverSent) {
  store::OrderRecord earlier;
  earlier.bot_id = store::BotId("script");
  earlier.client_order_id = ClientOrderId("r7.script-1");
  earlier.symbol = identity_.symbol;
  earlier.quantity = Quantity::parse("1").value();
  ASSERT_TRUE(store_->append_order(earlier).ok());
  auto owned = std::make_unique<ScriptBot>();
  ScriptBot* bot = owned.get();
  bot->script[1] = {market(OrderSide::kBuy, "1")};
  auto result = run(bot, std::move(owned), *store_);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->orders.size(), 1u);
  EXPECT_EQ(result->orders[0].status, engine::OrderUpdateKind::kRejected);
  EXPECT_NE(result->orders[0].reason.find("already recorded"), std::string::npos);
  EXPECT_TRUE(exchange_->client_order_ids()->empty());  // the exchange never saw it
  EXPECT_TRUE(result->trips.empty());
}

TEST_F(LedgerVenueTest, ReconcileRestoresALedgerThatStoppedAtRecorded) {
  auto owned = std::make_unique<ScriptBot>();
  ScriptBot* bot = owned.get();
  bot->script[1] = {market(OrderSide::kBuy, "1")};
  bot->script[2] = {limit(OrderSide::kBuy, "0.5", "1")};
  bot->script[4] = {market(OrderSide::kSell, "0.5")};
  ASSERT_TRUE(run(bot, std::move(owned), *store_).ok());

  // A second ledger holding only what record-before-send wrote: every order as kSubmitted, as
  // after a crash right after each order left.
  store::testing::TempDir other_dir;
  auto other = store::testing::open_test_store("sqlite", other_dir.path(), redis_);
  ASSERT_TRUE(other.ok());
  auto orders = store_->orders();
  ASSERT_TRUE(orders.ok());
  for (store::OrderRecord o : *orders) {
    o.status = OrderStatus::kSubmitted;
    o.venue_order_id = VenueOrderId();
    ASSERT_TRUE((*other)->append_order(o).ok());
  }
  // One order the exchange never received (recorded, then the process died before sending).
  store::OrderRecord lost = (*orders)[0];
  lost.client_order_id = ClientOrderId("r7.script-99");
  lost.status = OrderStatus::kSubmitted;
  ASSERT_TRUE((*other)->append_order(lost).ok());

  VenueLookups lookup({exchange_});
  BotLedgerView view(**other, {"script"});
  auto report = store::reconcile_ledger(view, lookup, Timestamp::from_s(1000));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->orders_checked, 4u);
  EXPECT_EQ(report->fills_added, 2u);
  EXPECT_EQ(report->orders_never_sent, 1u);
  EXPECT_TRUE(report->unknown_at_ledger.empty());
  auto repaired = (*other)->orders();
  ASSERT_TRUE(repaired.ok());
  for (std::size_t i = 0; i < orders->size(); ++i) {
    EXPECT_EQ((*repaired)[i].status, (*orders)[i].status) << i;
    EXPECT_EQ((*repaired)[i].venue_order_id, (*orders)[i].venue_order_id) << i;
  }
  EXPECT_EQ((*repaired)[3].status, OrderStatus::kCanceled);
  auto fills = (*other)->fills();
  auto original = store_->fills();
  ASSERT_TRUE(fills.ok() && original.ok());
  ASSERT_EQ(fills->size(), original->size());
  for (std::size_t i = 0; i < fills->size(); ++i) {
    EXPECT_EQ((*fills)[i].fill.trade_id, (*original)[i].fill.trade_id);
    EXPECT_EQ((*fills)[i].fill.price, (*original)[i].fill.price);
  }
  // Idempotent: a second pass finds nothing to do.
  auto again = store::reconcile_ledger(view, lookup, Timestamp::from_s(2000));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->fills_added, 0u);
  EXPECT_EQ(again->orders_updated, 0u);
  EXPECT_EQ(again->orders_never_sent, 0u);
}

TEST_F(LedgerVenueTest, TheViewHidesOtherBotsOrders) {
  store::OrderRecord other;
  other.bot_id = store::BotId("someone-else");
  other.client_order_id = ClientOrderId("x-1");
  other.symbol = identity_.symbol;
  other.quantity = Quantity::parse("1").value();
  ASSERT_TRUE(store_->append_order(other).ok());
  BotLedgerView view(*store_, {"script"});
  VenueLookups nothing({});
  auto report = store::reconcile_ledger(view, nothing, Timestamp::from_s(1));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->orders_checked, 0u);
  auto kept = store_->order(ClientOrderId("x-1"));
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->status, OrderStatus::kSubmitted);  // another process's order: untouched
}

}  // namespace
}  // namespace omega::paper
