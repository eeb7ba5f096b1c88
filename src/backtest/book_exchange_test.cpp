// Book matching: market orders walk the replayed L2 book, limits wait their turn in the queue
// and fill from trade prints; post-only, IOC and FOK on a book; the bundled Binance capture.
#include "backtest/book_exchange.hpp"

#include <string>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "backtest/script_bot_testing.hpp"

namespace omega::backtest {
namespace {

using testing::ScriptBot;

Price px(const char* s) {
  return Price::parse(s).value();
}
Quantity qty(const char* s) {
  return Quantity::parse(s).value();
}
Money usd(const char* s) {
  return Money::parse(s).value();
}
Rate rate(const char* s) {
  return Rate::parse(s).value();
}

constexpr std::int64_t kMs = 1'000'000;

// A hand-written session: the snapshot (bids 99 x 3, 98 x 5; asks 100 x 1, 101 x 2, 102 x 5)
// arrives first; trades make 1 s bars; `more` adds lines.
std::string session(const std::string& more) {
  return "1 {\"lastUpdateId\":10,\"bids\":[[\"99.00000000\",\"3.00000000\"],[\"98.00000000\","
         "\"5.00000000\"]],\"asks\":[[\"100.00000000\",\"1.00000000\"],[\"101.00000000\","
         "\"2.00000000\"],[\"102.00000000\",\"5.00000000\"]]}\n"
         "2 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"p\":\"99.50000000\","
         "\"q\":\"1.00000000\",\"T\":500,\"m\":false}}\n" +
         more;
}

std::string trade(std::int64_t ms, const char* price, const char* quantity, bool buyer_is_maker) {
  return "3 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"p\":\"" + std::string(price) +
         "\",\"q\":\"" + quantity + "\",\"T\":" + std::to_string(ms) +
         ",\"m\":" + (buyer_is_maker ? "true" : "false") + "}}\n";
}

std::string diff(std::int64_t ms, std::uint64_t id, const std::string& bids,
                 const std::string& asks) {
  return "4 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" +
         std::to_string(ms) + ",\"U\":" + std::to_string(id) + ",\"u\":" + std::to_string(id) +
         ",\"b\":[" + bids + "],\"a\":[" + asks + "]}}\n";
}

BacktestConfig book_config(const char* symbol = "BTC/USDT:USDT") {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse(symbol).value();
  spec.price_tick = px("0.1");
  spec.lot_step = qty("0.001");
  spec.max_leverage = 125;
  BacktestConfig c;
  c.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 10, {}};
  c.fees = FeeSchedule{rate("0.0002"), rate("0.0005")};
  c.starting_balance = usd("10000");
  c.book_matching = true;
  return c;
}

struct Run {
  std::unique_ptr<BacktestEngine> engine;
  ScriptBot* bot = nullptr;
  BacktestResult result;
};

Run replay(const data::MarketCapture& capture,
           std::map<int, std::vector<engine::SubmitOrder>> script,
           Duration bar = std::chrono::seconds(1), BacktestConfig config = book_config()) {
  Run r;
  r.engine = BacktestEngine::create(std::move(config)).value();
  auto bot = std::make_unique<ScriptBot>();
  bot->script = std::move(script);
  r.bot = bot.get();
  EXPECT_TRUE(r.engine->add_bot(std::move(bot), engine::BotId("s"), Config()).ok());
  r.result = r.engine->run_book(capture, bar).value();
  return r;
}

engine::SubmitOrder order(OrderSide side, OrderType type, const char* q,
                          const char* price = nullptr, TimeInForce tif = TimeInForce::kGtc) {
  engine::SubmitOrder o;
  o.side = side;
  o.type = type;
  o.quantity = qty(q);
  if (price != nullptr) o.price = px(price);
  o.time_in_force = tif;
  return o;
}

std::vector<engine::OrderUpdated> fills_of(const Run& r, const std::string& tag) {
  std::vector<engine::OrderUpdated> out;
  for (const auto& u : r.bot->orders) {
    if (u.tag == tag && (u.kind == engine::OrderUpdateKind::kFilled ||
                         u.kind == engine::OrderUpdateKind::kPartiallyFilled)) {
      out.push_back(u);
    }
  }
  return out;
}

const OrderRecord& record_tagged(const BacktestResult& result, const std::string& tag) {
  for (const auto& o : result.orders) {
    if (o.tag == tag) return o;
  }
  ADD_FAILURE() << "no order tagged " << tag;
  return result.orders.front();
}

TEST(MarketCapture, ReadsTheSessionAtTheNarrowestPrecisions) {
  auto capture = data::parse_binance_capture(session(trade(1200, "99.50000000", "1", false)), "t");
  ASSERT_TRUE(capture.ok()) << capture.error().to_string();
  EXPECT_EQ(capture->price_precision, 1);
  EXPECT_EQ(capture->quantity_precision, 0);
  EXPECT_EQ(capture->events.size(), 3u);
  EXPECT_EQ(capture->trades[0].price, 995);
  EXPECT_EQ(capture->events[1].ts_ns, 500 * kMs);
  auto bad = data::parse_binance_capture(session("5 {\"stream\":\"x@trade\",\"data\":{}}\n"), "t");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().to_string().find("t:3"), std::string::npos) << bad.error().to_string();
  EXPECT_FALSE(data::parse_binance_capture(trade(1, "1", "1", false), "t").ok());  // no snapshot
}

TEST(BookExchange, MarketOrderWalksTheLevels) {
  // Bar 0 closes when the 1.2 s print arrives; the buy of 2 then takes 1 @ 100 and 1 @ 101.
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false)), "t").value();
  auto buy = order(OrderSide::kBuy, OrderType::kMarket, "2");
  buy.tag = "buy";
  auto r = replay(capture, {{0, {buy}}});
  const auto fills = fills_of(r, "buy");
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].fill_price, px("100"));
  EXPECT_EQ(fills[0].fill_quantity, qty("1"));
  EXPECT_EQ(fills[1].fill_price, px("101"));
  EXPECT_EQ(fills[1].fill_quantity, qty("1"));
  EXPECT_EQ(fills[1].ts, Timestamp(1200 * kMs));
  const OrderRecord& rec = record_tagged(r.result, "buy");
  EXPECT_EQ(rec.filled_notional, usd("201"));
  EXPECT_EQ(rec.fees, usd("0.1005"));  // taker 0.05 % of 201
  EXPECT_EQ(r.engine->portfolio().position(0).quantity(), qty("2"));
}

TEST(BookExchange, TheBookFollowsTheDepthStream) {
  // A diff at 0.9 s empties the 100 ask: the market buy of 1, sent at the 1 s close, takes 101
  // when the next event (1.2 s) arrives.
  const auto capture =
      data::parse_binance_capture(session(diff(900, 11, "", "[\"100.00000000\",\"0\"]") +
                                          trade(1200, "101.00000000", "1", false)),
                                  "t")
          .value();
  auto buy = order(OrderSide::kBuy, OrderType::kMarket, "1");
  buy.tag = "buy";
  auto r = replay(capture, {{0, {buy}}});
  const auto fills = fills_of(r, "buy");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].fill_price, px("101"));
  EXPECT_EQ(fills[0].ts, Timestamp(1200 * kMs));
}

TEST(BookExchange, LimitWaitsBehindTheQueueAtItsPrice) {
  // A buy of 2 at 99 joins behind the 3 already bid there. Sells hit 99: 2 (queue 3 -> 1),
  // 2 (1 ahead, 1 fills us), a buy at 99 (not against us), then 1 more fills the rest.
  const auto capture =
      data::parse_binance_capture(
          session(trade(1200, "99.00000000", "2", true) + trade(1300, "99.00000000", "2", true) +
                  trade(1400, "99.00000000", "5", false) + trade(1500, "99.00000000", "1", true)),
          "t")
          .value();
  auto bid = order(OrderSide::kBuy, OrderType::kLimit, "2", "99");
  bid.tag = "bid";
  auto r = replay(capture, {{0, {bid}}});
  const auto fills = fills_of(r, "bid");
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].ts, Timestamp(1300 * kMs));
  EXPECT_EQ(fills[0].fill_quantity, qty("1"));
  EXPECT_EQ(fills[0].kind, engine::OrderUpdateKind::kPartiallyFilled);
  EXPECT_EQ(fills[1].ts, Timestamp(1500 * kMs));
  EXPECT_EQ(fills[1].fill_quantity, qty("1"));
  EXPECT_EQ(record_tagged(r.result, "bid").fees, usd("0.0396"));  // maker 0.02 % of 198
}

TEST(BookExchange, APrintThroughTheLimitFillsTheRest) {
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "98.50000000", "0.1", true)), "t").value();
  auto bid = order(OrderSide::kBuy, OrderType::kLimit, "2", "99");
  bid.tag = "bid";
  auto r = replay(capture, {{0, {bid}}});
  const auto fills = fills_of(r, "bid");
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].fill_price, px("99"));
  EXPECT_EQ(fills[0].fill_quantity, qty("2"));
  EXPECT_EQ(fills[0].ts, Timestamp(1200 * kMs));
}

TEST(BookExchange, PostOnlyIocAndFokAgainstTheBook) {
  const auto capture = data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                                           trade(2200, "100.00000000", "1", false)),
                                                   "t")
                           .value();
  auto post = order(OrderSide::kBuy, OrderType::kLimit, "1", "100", TimeInForce::kPostOnly);
  post.tag = "post";
  auto fok = order(OrderSide::kBuy, OrderType::kLimit, "4", "101", TimeInForce::kFok);
  fok.tag = "fok";
  auto ioc = order(OrderSide::kBuy, OrderType::kLimit, "4", "101", TimeInForce::kIoc);
  ioc.tag = "ioc";
  auto r = replay(capture, {{0, {post, fok, ioc}}});
  const OrderRecord& p = record_tagged(r.result, "post");
  EXPECT_EQ(p.status, engine::OrderUpdateKind::kRejected);
  EXPECT_NE(p.reason.find("post-only"), std::string::npos) << p.reason;
  const OrderRecord& f = record_tagged(r.result, "fok");
  EXPECT_EQ(f.status, engine::OrderUpdateKind::kCanceled);
  EXPECT_TRUE(f.filled_quantity.is_zero());
  EXPECT_NE(f.reason.find("FOK: only 3 of 4"), std::string::npos) << f.reason;
  const OrderRecord& i = record_tagged(r.result, "ioc");
  EXPECT_EQ(i.status, engine::OrderUpdateKind::kCanceled);
  EXPECT_EQ(i.filled_quantity, qty("3"));
  EXPECT_EQ(i.filled_notional, usd("302"));  // 1 @ 100 + 2 @ 101
}

TEST(BookExchange, StopTriggersOnAPrintThenWalks) {
  // A buy stop at 100.5: the 1.2 s print at 100 does not trigger it, the 1.3 s print at 101
  // does, and it takes the best ask, 100 x 1, then 101 x 1.
  const auto capture = data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                                           trade(1300, "101.00000000", "1", false)),
                                                   "t")
                           .value();
  auto stop = order(OrderSide::kBuy, OrderType::kStopMarket, "2");
  stop.trigger_price = px("100.5");
  stop.tag = "stop";
  auto r = replay(capture, {{0, {stop}}});
  const auto fills = fills_of(r, "stop");
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].ts, Timestamp(1300 * kMs));
  EXPECT_EQ(record_tagged(r.result, "stop").filled_notional, usd("201"));
}

TEST(BookExchange, RunIsRefusedWithoutBookMatchingAndViceVersa) {
  auto bars_engine = BacktestEngine::create([] {
                       auto c = book_config();
                       c.book_matching = false;
                       return c;
                     }())
                         .value();
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false)), "t").value();
  EXPECT_EQ(bars_engine->run_book(capture, std::chrono::seconds(1)).error().code(),
            ErrorCode::kState);
}

constexpr std::int64_t kEightHoursMs = 8 * 3600 * 1000;

engine::SubmitOrder tagged(engine::SubmitOrder o, const char* tag) {
  o.tag = tag;
  return o;
}

Money funding_events_total(const Run& r) {
  Money total = Money::zero(10);
  for (const auto& p : r.bot->positions) {
    if (p.kind == engine::PositionChangeKind::kFunded) total = total.add(p.amount).value();
  }
  return total;
}

TEST(BookExchange, ConstantFundingIsPaidAtEachFundingTimeAtTheLastPrint) {
  // A long of 1 bought at 100 (the 1.2 s event) holds through 08:00 UTC; the first event after
  // it (08:00:00.5) settles 1 x 100 (the last print) x 0.001 = 0.1.
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                          trade(kEightHoursMs + 500, "100.00000000", "1", false)),
                                  "t")
          .value();
  BacktestConfig config = book_config();
  config.exchange.funding_rate = rate("0.001");
  auto r = replay(capture, {{0, {tagged(order(OrderSide::kBuy, OrderType::kMarket, "1"), "buy")}}},
                  std::chrono::seconds(1), config);
  ASSERT_EQ(fills_of(r, "buy").size(), 1u);
  EXPECT_EQ(r.result.funding_paid, usd("0.1"));
  EXPECT_EQ(funding_events_total(r), usd("0.1"));
  // equity = wallet + unrealized: 10000 - 0.05 fee - 0.1 funding, flat price.
  EXPECT_EQ(r.result.final_equity, usd("9999.85"));
}

TEST(BookExchange, FundingSeriesReplacesTheConstant) {
  // One series row at 08:00 (rate 0.002) and one at 16:00 after the capture ends: only the
  // first is paid (1 x 100 x 0.002 = 0.2); the constant rate is ignored.
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                          trade(kEightHoursMs + 500, "100.00000000", "1", false)),
                                  "t")
          .value();
  BacktestConfig config = book_config();
  config.exchange.funding_rate = rate("0.01");
  config.exchange.funding_series = {{Timestamp(kEightHoursMs * kMs), rate("0.002")},
                                    {Timestamp(2 * kEightHoursMs * kMs), rate("0.003")}};
  auto r = replay(capture, {{0, {tagged(order(OrderSide::kBuy, OrderType::kMarket, "1"), "buy")}}},
                  std::chrono::seconds(1), config);
  EXPECT_EQ(r.result.funding_paid, usd("0.2"));
  EXPECT_EQ(funding_events_total(r), usd("0.2"));
}

TEST(BookExchange, SpotPaysNoFunding) {
  const auto capture =
      data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                          trade(kEightHoursMs + 500, "100.00000000", "1", false)),
                                  "t")
          .value();
  BacktestConfig config = book_config("BTC/USDT");
  config.instrument->leverage = 1;
  config.exchange.funding_rate = rate("0.001");
  auto r = replay(capture, {{0, {tagged(order(OrderSide::kBuy, OrderType::kMarket, "1"), "buy")}}},
                  std::chrono::seconds(1), config);
  ASSERT_EQ(fills_of(r, "buy").size(), 1u);
  EXPECT_TRUE(r.result.funding_paid.is_zero());
}

TEST(BookExchange, PrintThroughTheLiquidationPriceLiquidatesThere) {
  // 20 USDT, 10x cross, long 1 at 100 (fee 0.05): liquidation price
  // (100 - 19.95) / (1 x (1 - 0.004)) = 80.371..., rounded toward the entry: 80.4.
  // A print at 80.5 leaves it; the print at 80.0 liquidates at 80.0 with the 0.05 % taker fee.
  const auto capture =
      data::parse_binance_capture(
          session(trade(1200, "100.00000000", "1", false) + trade(2500, "80.50000000", "1", true) +
                  trade(3500, "80.00000000", "1", true) + trade(4500, "85.00000000", "1", false)),
          "t")
          .value();
  BacktestConfig config = book_config();
  config.starting_balance = usd("20");
  auto r = replay(capture, {{0, {tagged(order(OrderSide::kBuy, OrderType::kMarket, "1"), "buy")}}},
                  std::chrono::seconds(1), config);
  ASSERT_EQ(fills_of(r, "buy").size(), 1u);
  ASSERT_EQ(r.result.trips.size(), 1u);
  const auto& trip = r.result.trips[0];
  EXPECT_TRUE(trip.liquidated);
  EXPECT_EQ(trip.exit_time, Timestamp(3500 * kMs));
  EXPECT_EQ(trip.exit_notional, usd("80"));
  EXPECT_EQ(trip.fees, usd("0.09"));  // 0.05 entry + 0.04 liquidation
  EXPECT_TRUE(r.engine->portfolio().position(0).is_flat());
  bool liquidated_event = false;
  for (const auto& p : r.bot->positions) {
    liquidated_event |= p.kind == engine::PositionChangeKind::kLiquidated;
  }
  EXPECT_TRUE(liquidated_event);
  // wallet = 20 - 20 (loss) - 0.09 fees
  EXPECT_EQ(r.engine->portfolio().wallet_balance(), usd("-0.09"));
}

TEST(BookExchange, ShortIsLiquidatedByAPrintAtOrAboveItsPrice) {
  // 20 USDT, 10x, short 1 at 99 (the bid, fee 0.0495): liquidation price
  // (99 + 19.9505) / (1 x 1.004) = 118.47..., rounded toward the entry: 118.4. A print there
  // liquidates at 118.4.
  const auto capture = data::parse_binance_capture(session(trade(1200, "99.00000000", "1", true) +
                                                           trade(2500, "118.30000000", "1", false) +
                                                           trade(3500, "118.40000000", "1", false)),
                                                   "t")
                           .value();
  BacktestConfig config = book_config();
  config.starting_balance = usd("20");
  auto r =
      replay(capture, {{0, {tagged(order(OrderSide::kSell, OrderType::kMarket, "1"), "sell")}}},
             std::chrono::seconds(1), config);
  ASSERT_EQ(fills_of(r, "sell").size(), 1u);
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_TRUE(r.result.trips[0].liquidated);
  EXPECT_EQ(r.result.trips[0].exit_time, Timestamp(3500 * kMs));
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("118.4"));
}

TEST(BookExchange, LiquidationsCanBeTurnedOff) {
  const auto capture = data::parse_binance_capture(session(trade(1200, "100.00000000", "1", false) +
                                                           trade(3500, "80.00000000", "1", true)),
                                                   "t")
                           .value();
  BacktestConfig config = book_config();
  config.starting_balance = usd("20");
  config.exchange.liquidations = false;
  auto r = replay(capture, {{0, {tagged(order(OrderSide::kBuy, OrderType::kMarket, "1"), "buy")}}},
                  std::chrono::seconds(1), config);
  EXPECT_TRUE(r.result.trips.empty());
  EXPECT_EQ(r.engine->portfolio().position(0).quantity(), qty("1"));
}

}  // namespace
}  // namespace omega::backtest
