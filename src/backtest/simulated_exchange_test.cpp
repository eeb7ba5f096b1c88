// The simulated exchange through the backtest loop: stop before target inside one bar,
// participation-capped partial fills, latency, funding, liquidation and trailing stops.
#include "backtest/simulated_exchange.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "backtest/backtest_engine.hpp"
#include "backtest/report.hpp"
#include "backtest/script_bot_testing.hpp"

namespace omega::backtest {
namespace {

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

constexpr std::int64_t kMinute = 60'000'000'000;

// Bars as (open, high, low, close, volume) in whole units, one minute apart from `start_ns`.
data::CandleSeries bars(std::vector<std::array<std::int64_t, 5>> rows, std::int64_t start_ns = 0) {
  data::CandleSeries s(1, 0);
  std::int64_t t = start_ns;
  for (const auto& r : rows) {
    s.push_back_raw(t, r[0] * 10, r[1] * 10, r[2] * 10, r[3] * 10, r[4]);
    t += kMinute;
  }
  return s;
}

using testing::ScriptBot;

BacktestConfig perp_config(MarginMode mode = MarginMode::kCross, std::int32_t leverage = 10) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT:USDT").value();
  spec.price_tick = px("0.1");
  spec.lot_step = qty("0.001");
  spec.max_leverage = 125;
  BacktestConfig c;
  c.instrument = engine::AccountInstrument{Instrument::create(spec).value(), mode, leverage, {}};
  c.fees = FeeSchedule{rate("0.0002"), rate("0.0005")};
  c.starting_balance = usd("10000");
  c.timeframe = Timeframe::m1();
  return c;
}

struct Run {
  std::unique_ptr<BacktestEngine> engine;
  ScriptBot* bot = nullptr;
  BacktestResult result;
};

Run run(BacktestConfig config, const data::CandleSeries& series,
        std::map<int, std::vector<engine::SubmitOrder>> script,
        std::function<void(engine::Kernel&, int)> hook = nullptr) {
  Run r;
  r.engine = BacktestEngine::create(std::move(config)).value();
  auto bot = std::make_unique<ScriptBot>();
  bot->script = std::move(script);
  if (hook) {
    engine::Kernel* kernel = &r.engine->kernel();
    bot->hook = [kernel, hook](int bar) { hook(*kernel, bar); };
  }
  r.bot = bot.get();
  EXPECT_TRUE(r.engine->add_bot(std::move(bot), engine::BotId("s"), Config()).ok());
  r.result = r.engine->run(series).value();
  return r;
}

engine::SubmitOrder market(OrderSide side, const char* q) {
  engine::SubmitOrder o;
  o.side = side;
  o.type = OrderType::kMarket;
  o.quantity = qty(q);
  return o;
}

BacktestConfig spot_config(const char* balance) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = px("0.1");
  spec.lot_step = qty("0.001");
  BacktestConfig c;
  c.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  c.fees = FeeSchedule{rate("0.001"), rate("0.001")};
  c.starting_balance = usd(balance);
  c.timeframe = Timeframe::m1();
  return c;
}

const OrderRecord& order_tagged(const BacktestResult& result, std::string_view tag) {
  for (const auto& o : result.orders) {
    if (o.tag == tag) return o;
  }
  ADD_FAILURE() << "no order tagged " << tag;
  return result.orders.front();
}

TEST(SimulatedExchange, SpotBuyAboveTheFreeBalanceIsRejectedWithItsReason) {
  // 1 BTC at 100 costs 100 + 0.1 fee: 100.05 USDT cannot pay for it, 100.1 can.
  auto series = bars({{100, 100, 100, 100, 100}, {100, 100, 100, 100, 100}});
  auto buy = market(OrderSide::kBuy, "1");
  buy.tag = "buy";
  auto poor = run(spot_config("100.05"), series, {{0, {buy}}});
  const OrderRecord& refused = order_tagged(poor.result, "buy");
  EXPECT_EQ(refused.status, engine::OrderUpdateKind::kRejected);
  EXPECT_EQ(refused.reason,
            "insufficient balance: spot buy of 1 BTC at 100 costs 100 + 0.1 fee, above the "
            "100.05 USDT available");
  EXPECT_TRUE(refused.filled_quantity.is_zero());
  EXPECT_TRUE(poor.result.trips.empty());
  EXPECT_EQ(poor.result.final_equity, usd("100.05"));

  auto enough = run(spot_config("100.1"), series, {{0, {buy}}});
  EXPECT_EQ(order_tagged(enough.result, "buy").status, engine::OrderUpdateKind::kFilled);
  EXPECT_EQ(enough.engine->portfolio().position(0).quantity(), qty("1"));
}

TEST(SimulatedExchange, SpotBuyCountsWhatHoldingsTieUp) {
  // After buying 1 BTC at 100 (100.1 with its fee) out of 150, 49.9 is free: a second 1 BTC buy
  // is refused even though equity is still about 150.
  auto series =
      bars({{100, 100, 100, 100, 100}, {100, 100, 100, 100, 100}, {100, 100, 100, 100, 100}});
  auto first = market(OrderSide::kBuy, "1");
  first.tag = "first";
  auto second = market(OrderSide::kBuy, "1");
  second.tag = "second";
  auto r = run(spot_config("150"), series, {{0, {first}}, {1, {second}}});
  EXPECT_EQ(order_tagged(r.result, "first").status, engine::OrderUpdateKind::kFilled);
  const OrderRecord& refused = order_tagged(r.result, "second");
  EXPECT_EQ(refused.status, engine::OrderUpdateKind::kRejected);
  EXPECT_NE(refused.reason.find("above the 49.9 USDT available"), std::string::npos)
      << refused.reason;
}

TEST(SimulatedExchange, SpotSellAboveTheHoldingIsRejectedWithItsReason) {
  auto series = bars({{100, 100, 100, 100, 100},
                      {100, 100, 100, 100, 100},
                      {100, 100, 100, 100, 100},
                      {100, 100, 100, 100, 100}});
  auto buy = market(OrderSide::kBuy, "1");
  buy.tag = "buy";
  auto too_much = market(OrderSide::kSell, "1.5");
  too_much.tag = "too_much";
  auto all = market(OrderSide::kSell, "1");
  all.tag = "all";
  auto r = run(spot_config("1000"), series, {{0, {buy}}, {1, {too_much}}, {2, {all}}});
  const OrderRecord& refused = order_tagged(r.result, "too_much");
  EXPECT_EQ(refused.status, engine::OrderUpdateKind::kRejected);
  EXPECT_EQ(refused.reason, "insufficient balance: spot sell of 1.5 BTC exceeds the 1 held");
  EXPECT_EQ(order_tagged(r.result, "all").status, engine::OrderUpdateKind::kFilled);
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_TRUE(r.engine->portfolio().position(0).is_flat());
}

TEST(SimulatedExchange, SpotRefusalAppearsInTheOrderLogFile) {
  auto series = bars({{100, 100, 100, 100, 100}, {100, 100, 100, 100, 100}});
  auto sell = market(OrderSide::kSell, "1");
  auto r = run(spot_config("1000"), series, {{0, {sell}}});
  ASSERT_EQ(r.result.orders.size(), 1u);
  EXPECT_EQ(r.result.orders[0].status, engine::OrderUpdateKind::kRejected);
  EXPECT_EQ(r.result.orders[0].reason,
            "insufficient balance: spot sell of 1 BTC exceeds the 0 held");
  // orders.csv carries the status and the reason.
  const auto dir =
      std::filesystem::temp_directory_path() / ("omega_spot_refusal_" + std::to_string(::getpid()));
  ReportInfo info;
  info.bot = "script";
  info.symbol = "BTC/USDT";
  const auto m = compute_metrics(r.result.equity, 1000.0, r.result.trips, 0.0, 0.0);
  ASSERT_TRUE(write_report(dir, info, r.result, m).ok());
  std::ifstream in(dir / "orders.csv");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(",rejected,0,,\"insufficient balance: spot sell of 1 BTC exceeds the 0 "
                      "held\""),
            std::string::npos)
      << text;
  std::filesystem::remove_all(dir);
}

TEST(SimulatedExchange, StopFillsBeforeTargetWhenBothInsideOneBar) {
  // Bar 2 is a down bar (path O→H→L→C reaches the target first), yet the stop wins.
  auto series = bars({{100, 101, 99, 100, 100},
                      {100, 101, 99, 100, 100},
                      {100, 110, 90, 92, 100},
                      {92, 93, 91, 92, 100}});
  auto entry = market(OrderSide::kBuy, "1");
  entry.stop_loss = px("95");
  entry.take_profit = px("105");
  auto r = run(perp_config(), series, {{0, {entry}}});
  ASSERT_EQ(r.result.trips.size(), 1u);
  const auto& trip = r.result.trips[0];
  EXPECT_EQ(trip.exit_notional, usd("95"));
  EXPECT_EQ(trip.exit_time, Timestamp(2 * kMinute));
  // The take-profit was canceled by one-cancels-other.
  bool tp_canceled = false;
  for (const auto& o : r.result.orders) {
    if (o.tag == "take_profit") tp_canceled = o.status == engine::OrderUpdateKind::kCanceled;
  }
  EXPECT_TRUE(tp_canceled);
}

TEST(SimulatedExchange, GapThroughStopFillsAtTheOpen) {
  auto series = bars({{100, 101, 99, 100, 100}, {100, 101, 99, 100, 100}, {90, 91, 88, 89, 100}});
  auto entry = market(OrderSide::kBuy, "1");
  entry.stop_loss = px("95");
  auto r = run(perp_config(), series, {{0, {entry}}});
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("90"));
}

TEST(SimulatedExchange, ParticipationCapFillsInParts) {
  auto series = bars({{100, 100, 100, 100, 4},
                      {100, 100, 100, 100, 4},
                      {100, 100, 100, 100, 4},
                      {100, 100, 100, 100, 4},
                      {100, 100, 100, 100, 4},
                      {100, 100, 100, 100, 4}});
  auto config = perp_config();
  config.exchange.max_participation = rate("0.5");
  auto r = run(config, series, {{0, {market(OrderSide::kBuy, "5")}}});
  int partials = 0;
  int fills = 0;
  for (const auto& u : r.bot->orders) {
    partials += u.kind == engine::OrderUpdateKind::kPartiallyFilled ? 1 : 0;
    fills += u.kind == engine::OrderUpdateKind::kFilled ? 1 : 0;
  }
  EXPECT_EQ(partials, 2);  // 2 + 2 then the last 1
  EXPECT_EQ(fills, 1);
  EXPECT_EQ(r.engine->portfolio().position(0).quantity(), qty("5"));
}

TEST(SimulatedExchange, LatencyDelaysTheFillToTheFirstBarAfterArrival) {
  auto series = bars({{100, 100, 100, 100, 9},
                      {101, 101, 101, 101, 9},
                      {102, 102, 102, 102, 9},
                      {103, 103, 103, 103, 9}});
  auto config = perp_config();
  config.exchange.latency = std::chrono::seconds(90);
  auto r = run(config, series, {{0, {market(OrderSide::kBuy, "1")}}});
  // Sent at 00:01 (close of bar 0), arrives 00:02:30, first open after that is bar 3 at 103.
  EXPECT_EQ(r.engine->portfolio().position(0).entry_cost(), usd("103"));
}

TEST(SimulatedExchange, FundingEveryEightHours) {
  // Bars from 07:58 to 08:01: the 08:00 funding applies once, at that bar's open.
  auto series = bars({{100, 100, 100, 100, 9},
                      {100, 100, 100, 100, 9},
                      {110, 110, 110, 110, 9},
                      {110, 110, 110, 110, 9}},
                     8 * 60 * kMinute - 2 * kMinute);
  auto config = perp_config();
  config.exchange.funding_rate = rate("0.0001");
  auto r = run(config, series, {{0, {market(OrderSide::kBuy, "2")}}});
  // 2 * 110 * 0.0001 = 0.022 paid by the long.
  EXPECT_EQ(r.result.funding_paid, usd("0.022"));
  bool funded = false;
  for (const auto& p : r.bot->positions) funded |= p.kind == engine::PositionChangeKind::kFunded;
  EXPECT_TRUE(funded);
}

TEST(SimulatedExchange, LiquidatesAtTheLiquidationPriceWithAnEvent) {
  // Isolated 10x long of 1 at 20000: liquidation price 18072.3 (see the portfolio test).
  data::CandleSeries series(1, 0);
  const std::int64_t rows[][4] = {{200000, 200000, 200000, 200000},
                                  {200000, 200000, 200000, 200000},
                                  {190000, 191000, 180000, 185000},
                                  {185000, 185000, 185000, 185000}};
  for (int i = 0; i < 4; ++i) {
    series.push_back_raw(i * kMinute, rows[i][0], rows[i][1], rows[i][2], rows[i][3], 100);
  }
  auto r =
      run(perp_config(MarginMode::kIsolated, 10), series, {{0, {market(OrderSide::kBuy, "1")}}});
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_TRUE(r.result.trips[0].liquidated);
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("18072.3"));
  bool event = false;
  for (const auto& p : r.bot->positions) event |= p.kind == engine::PositionChangeKind::kLiquidated;
  EXPECT_TRUE(event);
  EXPECT_FALSE(r.result.notifications.empty());
}

TEST(SimulatedExchange, LiquidatesAnIsolatedShortAndACrossLongWithEvents) {
  // Isolated 10x short of 1 at 20000, no fees: (20000 + 2000) / 1.004 = 21912.350..., down to
  // the tick: 21912.3; the bar reaching 22500 liquidates there and loses exactly the 2000 margin
  // less the 87.7 kept: 10000 - 1912.3.
  data::CandleSeries up(1, 0);
  const std::int64_t up_rows[][4] = {{200000, 200000, 200000, 200000},
                                     {200000, 200000, 200000, 200000},
                                     {210000, 225000, 209000, 220000},
                                     {220000, 220000, 220000, 220000}};
  for (int i = 0; i < 4; ++i) {
    up.push_back_raw(i * kMinute, up_rows[i][0], up_rows[i][1], up_rows[i][2], up_rows[i][3], 100);
  }
  auto isolated = perp_config(MarginMode::kIsolated, 10);
  isolated.fees = FeeSchedule{rate("0"), rate("0")};
  auto s = run(isolated, up, {{0, {market(OrderSide::kSell, "1")}}});
  ASSERT_EQ(s.result.trips.size(), 1u);
  EXPECT_TRUE(s.result.trips[0].liquidated);
  EXPECT_FALSE(s.result.trips[0].is_long);
  EXPECT_EQ(s.result.trips[0].exit_notional, usd("21912.3"));
  EXPECT_EQ(s.result.final_equity, usd("8087.7"));
  bool short_event = false;
  for (const auto& p : s.bot->positions) {
    short_event |= p.kind == engine::PositionChangeKind::kLiquidated;
  }
  EXPECT_TRUE(short_event);

  // Cross 10x long of 1 at 20000 on 10,000, no fees: (20000 - 10000) / 0.996 = 10040.16...,
  // up to the tick: 10040.2; a bar gapping to 9000 liquidates at its open.
  data::CandleSeries down(1, 0);
  const std::int64_t down_rows[][4] = {{200000, 200000, 200000, 200000},
                                       {200000, 200000, 200000, 200000},
                                       {90000, 95000, 85000, 92000},
                                       {92000, 92000, 92000, 92000}};
  for (int i = 0; i < 4; ++i) {
    down.push_back_raw(i * kMinute, down_rows[i][0], down_rows[i][1], down_rows[i][2],
                       down_rows[i][3], 100);
  }
  auto cross = perp_config(MarginMode::kCross, 10);
  cross.fees = FeeSchedule{rate("0"), rate("0")};
  auto l = run(cross, down, {{0, {market(OrderSide::kBuy, "1")}}});
  ASSERT_EQ(l.result.trips.size(), 1u);
  EXPECT_TRUE(l.result.trips[0].liquidated);
  EXPECT_TRUE(l.result.trips[0].is_long);
  EXPECT_EQ(l.result.trips[0].exit_notional, usd("9000"));
  bool long_event = false;
  for (const auto& p : l.bot->positions) {
    long_event |= p.kind == engine::PositionChangeKind::kLiquidated;
  }
  EXPECT_TRUE(long_event);
}

TEST(SimulatedExchange, LiquidatesACrossShortAtItsPrice) {
  // Cross 10x short of 1 at 20000 on a 10,000 wallet, no fees:
  // (20000 + 10000 + 0) / (1 * 1.004) = 29880.478..., down to the tick: 29880.4.
  data::CandleSeries series(1, 0);
  const std::int64_t rows[][4] = {{200000, 200000, 200000, 200000},
                                  {200000, 200000, 200000, 200000},
                                  {250000, 300000, 250000, 290000},
                                  {290000, 290000, 290000, 290000}};
  for (int i = 0; i < 4; ++i) {
    series.push_back_raw(i * kMinute, rows[i][0], rows[i][1], rows[i][2], rows[i][3], 100);
  }
  auto config = perp_config(MarginMode::kCross, 10);
  config.fees = FeeSchedule{rate("0"), rate("0")};
  auto r = run(config, series, {{0, {market(OrderSide::kSell, "1")}}});
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_TRUE(r.result.trips[0].liquidated);
  EXPECT_FALSE(r.result.trips[0].is_long);
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("29880.4"));
  // 10000 - (29880.4 - 20000)
  EXPECT_EQ(r.result.final_equity, usd("119.6"));
  bool event = false;
  for (const auto& p : r.bot->positions) event |= p.kind == engine::PositionChangeKind::kLiquidated;
  EXPECT_TRUE(event);
}

TEST(SimulatedExchange, SameSeedSameRun) {
  auto series = bars({{100, 104, 97, 102, 50},
                      {102, 105, 99, 100, 50},
                      {100, 103, 96, 101, 50},
                      {101, 106, 100, 105, 50},
                      {105, 107, 101, 102, 50}});
  auto config = perp_config();
  config.exchange.random_slippage = rate("0.01");
  config.exchange.latency_jitter = std::chrono::seconds(30);
  std::map<int, std::vector<engine::SubmitOrder>> script = {{0, {market(OrderSide::kBuy, "1")}},
                                                            {2, {market(OrderSide::kSell, "1")}}};
  auto a = run(config, series, script);
  auto b = run(config, series, script);
  EXPECT_EQ(a.result.final_equity, b.result.final_equity);
  config.exchange.seed = 7;
  auto c = run(config, series, script);
  EXPECT_EQ(c.result.trips.size(), a.result.trips.size());
}

TEST(SimulatedExchange, DetailBarsDecideWhatOneCoarseBarCannot) {
  // 2m bars for the bot; the third holds both the stop (95) and the target (105). On its own
  // the stop wins (conservative); its 1m detail shows the target traded first.
  data::CandleSeries coarse(1, 0);
  data::CandleSeries fine(1, 0);
  const std::int64_t two = 2 * kMinute;
  coarse.push_back_raw(0, 1000, 1000, 1000, 1000, 100);
  coarse.push_back_raw(two, 1000, 1000, 1000, 1000, 100);
  coarse.push_back_raw(2 * two, 1000, 1100, 900, 1000, 100);
  coarse.push_back_raw(3 * two, 1000, 1000, 1000, 1000, 100);
  for (int i = 0; i < 4; ++i) fine.push_back_raw(i * kMinute, 1000, 1000, 1000, 1000, 50);
  fine.push_back_raw(4 * kMinute, 1000, 1100, 1000, 1080, 50);
  fine.push_back_raw(5 * kMinute, 1080, 1080, 900, 1000, 50);
  fine.push_back_raw(6 * kMinute, 1000, 1000, 1000, 1000, 50);
  fine.push_back_raw(7 * kMinute, 1000, 1000, 1000, 1000, 50);
  auto entry = market(OrderSide::kBuy, "1");
  entry.stop_loss = px("95");
  entry.take_profit = px("105");
  auto config = perp_config();
  config.timeframe = Timeframe(Timeframe::Unit::kMinute, 2);
  auto plain = run(config, coarse, {{0, {entry}}});
  ASSERT_EQ(plain.result.trips.size(), 1u);
  EXPECT_EQ(plain.result.trips[0].exit_notional, usd("95"));

  auto engine = BacktestEngine::create(config).value();
  auto bot = std::make_unique<ScriptBot>();
  bot->script = {{0, {entry}}};
  ASSERT_TRUE(engine->add_bot(std::move(bot), engine::BotId("s"), Config()).ok());
  auto detailed = engine->run(coarse, &fine).value();
  ASSERT_EQ(detailed.trips.size(), 1u);
  EXPECT_EQ(detailed.trips[0].exit_notional, usd("105"));
  EXPECT_EQ(detailed.trips[0].exit_time, Timestamp(4 * kMinute));
}

TEST(SimulatedExchange, TrailingStopFollowsTheHigh) {
  auto series = bars({{100, 100, 100, 100, 9},
                      {100, 100, 100, 100, 9},
                      {100, 110, 100, 110, 9},
                      {110, 120, 110, 120, 9},
                      {120, 120, 100, 105, 9}});
  auto entry = market(OrderSide::kBuy, "1");
  entry.stop_loss = px("90");
  entry.trailing_offset = px("10");
  auto r = run(perp_config(), series, {{0, {entry}}});
  ASSERT_EQ(r.result.trips.size(), 1u);
  // Highs 110 then 120 pull the stop to 110, which the last bar trades through.
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("110"));
}

engine::SubmitOrder limit(OrderSide side, const char* q, const char* price,
                          TimeInForce tif = TimeInForce::kGtc) {
  engine::SubmitOrder o;
  o.side = side;
  o.type = OrderType::kLimit;
  o.quantity = qty(q);
  o.price = px(price);
  o.time_in_force = tif;
  return o;
}

const OrderRecord& record_tagged(const BacktestResult& result, const std::string& tag) {
  for (const auto& o : result.orders) {
    if (o.tag == tag) return o;
  }
  ADD_FAILURE() << "no order tagged " << tag;
  return result.orders.front();
}

TEST(SimulatedExchange, PostOnlyThatWouldTakeOnArrivalIsRejected) {
  // Bar 1 opens at 100: a post-only buy at 101 would take; one at 99 rests and fills as maker
  // at its price when bar 2 trades down through it, even though bar 2 gaps below it.
  auto series = bars(
      {{100, 100, 100, 100, 9}, {100, 100, 100, 100, 9}, {98, 99, 97, 98, 9}, {98, 98, 98, 98, 9}});
  auto crossing = limit(OrderSide::kBuy, "1", "101", TimeInForce::kPostOnly);
  crossing.tag = "crossing";
  auto resting = limit(OrderSide::kBuy, "1", "99", TimeInForce::kPostOnly);
  resting.tag = "resting";
  auto taker = limit(OrderSide::kBuy, "1", "101");  // not post-only: takes at the open
  taker.tag = "taker";
  auto r = run(perp_config(), series, {{0, {crossing, resting, taker}}});
  const OrderRecord& c = record_tagged(r.result, "crossing");
  EXPECT_EQ(c.status, engine::OrderUpdateKind::kRejected);
  EXPECT_NE(c.reason.find("post-only"), std::string::npos) << c.reason;
  EXPECT_TRUE(c.filled_quantity.is_zero());
  const OrderRecord& p = record_tagged(r.result, "resting");
  EXPECT_EQ(p.status, engine::OrderUpdateKind::kFilled);
  EXPECT_EQ(p.filled_notional, usd("99"));
  EXPECT_EQ(p.fees, usd("0.0198"));  // maker 0.02 % of 99
  const OrderRecord& t = record_tagged(r.result, "taker");
  EXPECT_EQ(t.filled_notional, usd("100"));
  EXPECT_EQ(t.fees, usd("0.05"));  // taker 0.05 % of 100
  EXPECT_EQ(r.engine->portfolio().position(0).quantity(), qty("2"));
}

TEST(SimulatedExchange, FokIsAllOrNothingWhileIocFillsWhatItCan) {
  // Volume 4 at 50 % participation: 2 can fill per bar.
  auto series = bars({{100, 100, 100, 100, 4}, {100, 100, 100, 100, 4}, {100, 100, 100, 100, 4}});
  auto config = perp_config();
  config.exchange.max_participation = rate("0.5");
  auto fok = market(OrderSide::kBuy, "3");
  fok.time_in_force = TimeInForce::kFok;
  fok.tag = "fok";
  auto r = run(config, series, {{0, {fok}}});
  const OrderRecord& f = record_tagged(r.result, "fok");
  EXPECT_EQ(f.status, engine::OrderUpdateKind::kCanceled);
  EXPECT_TRUE(f.filled_quantity.is_zero());
  EXPECT_NE(f.reason.find("FOK: only 2 of 3"), std::string::npos) << f.reason;
  EXPECT_TRUE(r.engine->portfolio().position(0).is_flat());

  auto ioc = market(OrderSide::kBuy, "3");
  ioc.time_in_force = TimeInForce::kIoc;
  ioc.tag = "ioc";
  auto i = run(config, series, {{0, {ioc}}});
  const OrderRecord& o = record_tagged(i.result, "ioc");
  EXPECT_EQ(o.status, engine::OrderUpdateKind::kCanceled);
  EXPECT_EQ(o.filled_quantity, qty("2"));
  EXPECT_EQ(i.engine->portfolio().position(0).quantity(), qty("2"));

  // A FOK the volume can take fills whole; a FOK limit the bar never reaches dies whole.
  auto small = market(OrderSide::kBuy, "2");
  small.time_in_force = TimeInForce::kFok;
  auto far = limit(OrderSide::kBuy, "1", "90", TimeInForce::kFok);
  far.tag = "far";
  auto k = run(config, series, {{0, {small, far}}});
  EXPECT_EQ(k.engine->portfolio().position(0).quantity(), qty("2"));
  const OrderRecord& x = record_tagged(k.result, "far");
  EXPECT_EQ(x.status, engine::OrderUpdateKind::kCanceled);
  EXPECT_NE(x.reason.find("FOK"), std::string::npos) << x.reason;
}

TEST(SimulatedExchange, StopLimitFillsLaterInTheTriggerBarWhenThePathReturns) {
  // A sell stop-limit, trigger 95, limit 96. Bar 1 rises after the low (O→L→H→C: 100→90→99):
  // triggered at 95 on the way down, the limit at 96 is traded through on the way up.
  auto series = bars({{100, 100, 100, 100, 9}, {100, 99, 90, 98, 9}, {98, 98, 98, 98, 9}});
  engine::SubmitOrder stop;
  stop.side = OrderSide::kSell;
  stop.type = OrderType::kStopLimit;
  stop.quantity = qty("1");
  stop.trigger_price = px("95");
  stop.price = px("96");
  stop.tag = "stop";
  auto r = run(perp_config(), series, {{0, {stop}}});
  const OrderRecord& s1 = record_tagged(r.result, "stop");
  EXPECT_EQ(s1.status, engine::OrderUpdateKind::kFilled);
  EXPECT_EQ(s1.ts_last, Timestamp(kMinute));
  EXPECT_EQ(s1.filled_notional, usd("96"));
  EXPECT_EQ(s1.fees, usd("0.0192"));  // maker

  // A down bar (O→H→L→C: 100→100→90→92) never climbs back to 96: it rests, and bar 2 fills it.
  auto down = bars(
      {{100, 100, 100, 100, 9}, {100, 100, 90, 92, 9}, {92, 97, 92, 96, 9}, {96, 96, 96, 96, 9}});
  auto d = run(perp_config(), down, {{0, {stop}}});
  const OrderRecord& s2 = record_tagged(d.result, "stop");
  EXPECT_EQ(s2.status, engine::OrderUpdateKind::kFilled);
  EXPECT_EQ(s2.ts_last, Timestamp(2 * kMinute));
  EXPECT_EQ(s2.filled_notional, usd("96"));

  // Limit 94 is marketable at the trigger: it takes at 95 at once.
  stop.price = px("94");
  auto m = run(perp_config(), down, {{0, {stop}}});
  const OrderRecord& s3 = record_tagged(m.result, "stop");
  EXPECT_EQ(s3.ts_last, Timestamp(kMinute));
  EXPECT_EQ(s3.filled_notional, usd("95"));
  EXPECT_EQ(s3.fees, usd("0.0475"));  // taker
}

TEST(SimulatedExchange, TrailingStopReportsItsCurrentTrigger) {
  // The stop trails the highs 110 then 120 and is still open at the end.
  auto series = bars({{100, 100, 100, 100, 9},
                      {100, 100, 100, 100, 9},
                      {100, 110, 100, 110, 9},
                      {110, 120, 111, 120, 9}});
  auto entry = market(OrderSide::kBuy, "1");
  entry.stop_loss = px("90");
  entry.trailing_offset = px("10");
  auto r = run(perp_config(), series, {{0, {entry}}});
  const OrderRecord& sl = record_tagged(r.result, "stop_loss");
  EXPECT_EQ(sl.trigger_price, px("110"));
  const Order* model = r.engine->kernel().execution().order(sl.id);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->trigger_price(), px("110"));
  int amended = 0;
  for (const auto& u : r.bot->orders) {
    if (u.kind != engine::OrderUpdateKind::kAmended) continue;
    ++amended;
    EXPECT_EQ(u.trigger_price, amended == 1 ? px("100") : px("110"));
  }
  EXPECT_EQ(amended, 2);
}

TEST(SimulatedExchange, BracketsPassTheRiskEngineAndStillProtectWhileHalted) {
  // The entry rests; trading is halted before it fills; its reduce-only stop still goes out
  // and stops the position.
  auto series = bars({{100, 100, 100, 100, 9},
                      {100, 100, 100, 100, 9},
                      {100, 100, 97, 98, 9},
                      {98, 98, 98, 98, 9},
                      {98, 98, 90, 91, 9}});
  auto entry = limit(OrderSide::kBuy, "1", "99");
  entry.stop_loss = px("95");
  auto r = run(perp_config(), series, {{0, {entry}}}, [](engine::Kernel& kernel, int bar) {
    if (bar == 1) kernel.halt("test");
  });
  ASSERT_EQ(r.result.trips.size(), 1u);
  EXPECT_EQ(r.result.trips[0].exit_notional, usd("95"));
  EXPECT_EQ(record_tagged(r.result, "stop_loss").status, engine::OrderUpdateKind::kFilled);

  // A reduce-only exit that carries a stop: once it closes the position the stop would open
  // one, and the risk engine denies it with its reason.
  auto flat = bars({{100, 100, 100, 100, 9},
                    {100, 100, 100, 100, 9},
                    {100, 100, 100, 100, 9},
                    {100, 100, 100, 100, 9}});
  auto exit = market(OrderSide::kSell, "1");
  exit.reduce_only = true;
  exit.stop_loss = px("120");
  auto e = run(perp_config(), flat, {{0, {market(OrderSide::kBuy, "1")}}, {1, {exit}}});
  const OrderRecord& sl = record_tagged(e.result, "stop_loss");
  EXPECT_EQ(sl.status, engine::OrderUpdateKind::kDenied);
  EXPECT_NE(sl.reason.find("reduce_only_would_increase"), std::string::npos) << sl.reason;
}

TEST(SimulatedExchange, FundingFromASeriesPaysEachEntryAtItsTime) {
  // Bars 07:58 to 08:03. Entries: 07:00 (before the data: history), 08:00:00.005 (settles at
  // the 08:01 open at 110) and 08:02 with a negative rate (the long receives, at 120).
  data::CandleSeries series(1, 0);
  const std::int64_t start = 8 * 60 * kMinute - 2 * kMinute;
  const std::int64_t prices[] = {1000, 1000, 1000, 1100, 1200, 1200};
  for (int i = 0; i < 6; ++i) {
    const std::int64_t p = prices[i];
    series.push_back_raw(start + i * kMinute, p, p, p, p, 9);
  }
  auto config = perp_config();
  config.fees = FeeSchedule{rate("0"), rate("0")};
  config.exchange.funding_rate = rate("0.5");  // ignored: the series replaces it
  config.exchange.funding_series = {{Timestamp(7 * 60 * kMinute), rate("0.01")},
                                    {Timestamp(8 * 60 * kMinute + 5'000'000), rate("0.0001")},
                                    {Timestamp(8 * 60 * kMinute + 2 * kMinute), rate("-0.0002")}};
  auto r = run(config, series, {{0, {market(OrderSide::kBuy, "2")}}});
  // 2 * 110 * 0.0001 = 0.022 paid, then 2 * 120 * 0.0002 = 0.048 received.
  EXPECT_EQ(r.result.funding_paid, usd("-0.026"));
  std::vector<Timestamp> funded;
  for (const auto& p : r.bot->positions) {
    if (p.kind == engine::PositionChangeKind::kFunded) funded.push_back(p.ts);
  }
  ASSERT_EQ(funded.size(), 2u);
  EXPECT_EQ(funded[0], Timestamp(8 * 60 * kMinute + 5'000'000));
  EXPECT_EQ(funded[1], Timestamp(8 * 60 * kMinute + 2 * kMinute));
}

}  // namespace
}  // namespace omega::backtest
