// The Fibonacci trader on a hand-made uptrend: golden-pocket entries, stop beyond 0.786,
// 1.272 / 1.618 targets and the risk-fraction size, all checked against hand-computed values.
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "bots/bot_registry.hpp"

namespace omega {
namespace {

constexpr std::int64_t kMinute = 60'000'000'000;

// Swings (strength 2): low 90 (bar 2), high 112 (5), low 96 (8), high 120 (11, known at 13).
constexpr std::int64_t kHighs[] = {105, 103, 101, 104, 108, 112, 110, 107,
                                   106, 109, 115, 120, 118, 117, 110, 109};
constexpr std::int64_t kLows[] = {100, 98,  90,  95,  100, 104, 103, 100,
                                  96,  100, 105, 110, 112, 113, 104, 107};

// Builds 1-minute bars (prices in tenths) from highs and lows, open = close = the midpoint.
data::CandleSeries make_bars(std::span<const std::int64_t> highs,
                             std::span<const std::int64_t> lows) {
  data::CandleSeries bars(1, 0);
  for (std::size_t i = 0; i < highs.size(); ++i) {
    const std::int64_t h = highs[i] * 10, l = lows[i] * 10, mid = (h + l) / 2;
    bars.push_back_raw(static_cast<std::int64_t>(i) * kMinute, mid, h, l, mid, 1000);
  }
  return bars;
}

// Returns a backtest of a BTC/USDT:USDT perp (tick 0.1, lot 0.001, cross 5x, 10,000 USDT)
// running the Fibonacci trader with swing strength 2 (plus `params`), with optional fees.
std::unique_ptr<backtest::BacktestEngine> make_fib_engine(
    const char* symbol = "BTC/USDT:USDT", const std::string& params = "",
    std::optional<backtest::FeeSchedule> fees = std::nullopt) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse(symbol).value();
  spec.price_tick = Price::parse("0.1").value();
  spec.lot_step = Quantity::parse("0.001").value();
  spec.max_leverage = 20;
  backtest::BacktestConfig config;
  config.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 5, {}};
  config.starting_balance = Money::parse("10000").value();
  config.timeframe = Timeframe::m1();
  if (fees) {
    spec.maker_fee = fees->maker;
    spec.taker_fee = fees->taker;
    config.instrument->instrument = Instrument::create(spec).value();
    config.fees = fees;
  }
  auto engine = backtest::BacktestEngine::create(config).value();
  const auto added =
      engine->add_bot(bots::make_bot("fibonacci_trader").value(), engine::BotId("fib"),
                      Config::parse("swing_strength: 2\n" + params, "t").value());
  EXPECT_TRUE(added.ok()) << added.error().to_string();
  return engine;
}

TEST(FibonacciTrader, PlacesTheGoldenPocketSetupOfTheLastLeg) {
  const data::CandleSeries bars = make_bars(kHighs, kLows);
  auto engine = make_fib_engine();
  const auto result = engine->run(bars).value();
  // Leg 96 -> 120, range 24:
  //   entry  120 - 0.618 * 24 = 105.168 -> 105.1 (down to the tick: a little deeper)
  //   stop   120 - 0.786 * 24 = 101.136 -> 101.1, one tick beyond -> 101.0
  //   target 96 + 1.272 * 24 = 126.528 -> 126.5; 96 + 1.618 * 24 = 134.832 -> 134.8
  //   size   1 % of 10,000 / (105.1 - 101.0) = 24.390..., split 12.195 + 12.195
  std::vector<const backtest::OrderRecord*> entries, stops, targets;
  for (const auto& o : result.orders) {
    if (o.tag == "fib_entry") entries.push_back(&o);
    if (o.tag == "stop_loss") stops.push_back(&o);
    if (o.tag == "take_profit") targets.push_back(&o);
  }
  ASSERT_EQ(entries.size(), 2u);
  for (const auto* e : entries) {
    EXPECT_EQ(e->side, OrderSide::kBuy);
    EXPECT_EQ(*e->price, Price::parse("105.1").value());
    EXPECT_EQ(e->quantity, Quantity::parse("12.195").value());
    EXPECT_EQ(e->ts_submitted, Timestamp(14 * kMinute));     // the close of bar 13
    EXPECT_EQ(e->status, engine::OrderUpdateKind::kFilled);  // bar 14 trades down to 104
  }
  ASSERT_EQ(stops.size(), 2u);
  EXPECT_EQ(*stops[0]->trigger_price, Price::parse("101.0").value());
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(*targets[0]->trigger_price, Price::parse("126.5").value());
  EXPECT_EQ(*targets[1]->trigger_price, Price::parse("134.8").value());
  EXPECT_EQ(engine->portfolio().position(0).quantity(), Quantity::parse("24.390").value());
}

// Same structure, but the swing high at bar 11 is confirmed (bar 13) only after the price has
// already fallen through the setup's stop (101.0): by the bot's own rule that setup is dead. It
// used to be placed anyway; the buy limits at 105.1 then filled at bar 14's open (100) and their
// stops at 101.0, already above the price, sold at that same open: a same-bar round trip at one
// price that only paid fees.
constexpr std::int64_t kLateHighs[] = {105, 103, 101, 104, 108, 112, 110, 107,
                                       106, 109, 115, 120, 118, 101, 102, 103};
constexpr std::int64_t kLateLows[] = {100, 98,  90,  95,  100, 104, 103, 100,
                                      96,  100, 105, 110, 112, 99,  98,  99};

TEST(FibonacciTrader, SkipsASetupWhosePriceIsAlreadyBeyondTheStop) {
  const data::CandleSeries bars = make_bars(kLateHighs, kLateLows);
  auto engine = make_fib_engine();
  const auto result = engine->run(bars).value();
  for (const auto& trip : result.trips) {
    EXPECT_NE(trip.entry_time, trip.exit_time) << "a same-bar round trip";
  }
  for (const auto& o : result.orders) EXPECT_NE(o.tag, "fib_entry");
  EXPECT_TRUE(result.trips.empty());
  EXPECT_TRUE(engine->portfolio().position(0).is_flat());
  EXPECT_EQ(engine->portfolio().wallet_balance(), Money::parse("10000").value());
}

// Returns the entry orders of a run.
std::vector<const backtest::OrderRecord*> entries_of(const backtest::BacktestResult& result) {
  std::vector<const backtest::OrderRecord*> entries;
  for (const auto& o : result.orders) {
    if (o.tag == "fib_entry") entries.push_back(&o);
  }
  return entries;
}

TEST(FibonacciTrader, SizesSoThatTheStopLosesTheRiskFractionIncludingFees) {
  // Maker 0.02 %, taker 0.05 %. One unit stopped loses 105.1 - 101.0 = 4.1, plus the maker
  // entry fee 105.1 * 0.0002 = 0.02102 and the taker stop fee 101.0 * 0.0005 = 0.0505: 4.17152.
  // Size 100 / 4.17152 = 23.9720..., down to the lot: 23.972 (it was 24.390, which lost
  // 100 + 1.73 in fees at the stop).
  const data::CandleSeries bars = make_bars(kHighs, kLows);
  auto engine = make_fib_engine(
      "BTC/USDT:USDT", "",
      backtest::FeeSchedule{Rate::parse("0.0002").value(), Rate::parse("0.0005").value()});
  const auto result = engine->run(bars).value();
  const auto entries = entries_of(result);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]->quantity, Quantity::parse("11.986").value());
  EXPECT_EQ(entries[1]->quantity, Quantity::parse("11.986").value());
  // Loss at the stop: 23.972 * 4.1 + 23.972 * 105.1 * 0.0002 + 23.972 * 101.0 * 0.0005.
  const double loss = 23.972 * 4.1 + 23.972 * 105.1 * 0.0002 + 23.972 * 101.0 * 0.0005;
  EXPECT_LE(loss, 100.0);
  EXPECT_GT(loss, 99.99);
}

TEST(FibonacciTrader, ASpotAccountNeverSizesBeyondItsCash) {
  // risk_fraction 0.1 asks for 1,000 / 4.1 = 243.902 (25,634 notional): more than a spot
  // account of 10,000 holds. The cap is 10,000 / 105.1 = 95.147 (it was 3x: 285.442).
  const data::CandleSeries bars = make_bars(kHighs, kLows);
  auto engine = make_fib_engine("BTC/USDT", "risk_fraction: \"0.1\"");
  const auto result = engine->run(bars).value();
  const auto entries = entries_of(result);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]->quantity, Quantity::parse("47.573").value());
  EXPECT_EQ(entries[1]->quantity, Quantity::parse("47.574").value());
  // On the 5x perp the same risk fits under max_leverage 3 (30,000): 243.902.
  auto perp = make_fib_engine("BTC/USDT:USDT", "risk_fraction: \"0.1\"");
  const auto perp_result = perp->run(bars).value();
  EXPECT_EQ(perp->portfolio().position(0).quantity(), Quantity::parse("243.902").value());
}

// The swing high at bar 11 is confirmed at bar 13, whose close (104.5) is already below the
// entry (105.1) though above the stop (101.0): the retracement happened before the swing was
// known. The setup used to be placed; its limits then filled at bar 14's open as a market
// order, closer to the stop than planned.
constexpr std::int64_t kStaleHighs[] = {105, 103, 101, 104, 108, 112, 110, 107,
                                        106, 109, 115, 120, 118, 107, 110, 109};
constexpr std::int64_t kStaleLows[] = {100, 98,  90,  95,  100, 104, 103, 100,
                                       96,  100, 105, 110, 112, 102, 104, 107};

TEST(FibonacciTrader, SkipsASetupWhoseEntryThePriceAlreadyPassed) {
  const data::CandleSeries bars = make_bars(kStaleHighs, kStaleLows);
  auto engine = make_fib_engine();
  const auto result = engine->run(bars).value();
  EXPECT_TRUE(entries_of(result).empty());
  EXPECT_TRUE(result.trips.empty());
}

}  // namespace
}  // namespace omega
