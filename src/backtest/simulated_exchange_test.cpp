// The simulated exchange through the backtest loop: stop before target inside one bar,
// participation-capped partial fills, latency, funding, liquidation and trailing stops.
#include "backtest/simulated_exchange.hpp"

#include <functional>
#include <map>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"

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

// Submits scripted orders at given bar indexes and records every event.
class ScriptBot final : public engine::Bot {
 public:
  std::string_view kind() const override { return "script"; }
  void on_candle(const engine::CandleClosed& e) override {
    auto it = script.find(bar_++);
    if (it != script.end()) {
      for (auto o : it->second) {
        o.instrument = e.instrument;
        (void)ctx().submit_order(o);
      }
    }
  }
  void on_order_event(const engine::OrderUpdated& u) override { orders.push_back(u); }
  void on_position_event(const engine::PositionChanged& p) override { positions.push_back(p); }
  std::map<int, std::vector<engine::SubmitOrder>> script;
  std::vector<engine::OrderUpdated> orders;
  std::vector<engine::PositionChanged> positions;

 private:
  int bar_ = 0;
};

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
        std::map<int, std::vector<engine::SubmitOrder>> script) {
  Run r;
  r.engine = BacktestEngine::create(std::move(config)).value();
  auto bot = std::make_unique<ScriptBot>();
  bot->script = std::move(script);
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

}  // namespace
}  // namespace omega::backtest
