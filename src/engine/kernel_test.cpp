// The kernel's bot plumbing: lifecycle order, timers to their owner, indicators by registry
// spec (values include the bar being handled), signals on the bus, parameter validation.
#include "engine/kernel.hpp"

#include <cmath>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace omega::engine {
namespace {

Instrument spot() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.00000001").value();
  return Instrument::create(spec).value();
}

class NullVenue final : public ExecutionVenue {
 public:
  void set_listener(VenueListener*) override {}
  void submit(const VenueOrder&) override {}
  void cancel(const ClientOrderId&, Timestamp) override {}
  void amend_trigger(const ClientOrderId&, const Price&, Timestamp) override {}
};

class ProbeBot final : public Bot {
 public:
  std::string_view kind() const override { return "probe"; }
  Status on_initialize(const Config& params) override {
    OMEGA_TRY(params.check_keys({"period"}));
    OMEGA_ASSIGN_OR_RETURN(period_, params.get_or<std::int64_t>("period", 3));
    if (period_ < 1) return params.invalid("period", "must be >= 1");
    log.push_back("initialize");
    return ok_status();
  }
  void on_start() override {
    log.push_back("start");
    sma_ = ctx().create_indicator(fmt::format("sma:{}", period_), 0).value();
    ctx().set_timer("tick", Timestamp(150), Duration(100));
  }
  void on_candle(const CandleClosed& e) override {
    smas.push_back(ctx().indicator(sma_));
    ctx().publish_signal(e.instrument, "close", e.candle.close.to_double());
  }
  void on_timer(const TimerFired& t) override {
    EXPECT_EQ(t.ts, ctx().now());  // a timer's handler sees its own time as now
    timers.push_back(t.ts.ns());
  }
  void on_stop() override { log.push_back("stop"); }
  void update_metrics(BotMetrics& m) override { m["bars"] = static_cast<double>(smas.size()); }

  std::vector<std::string> log;
  std::vector<double> smas;
  std::vector<std::int64_t> timers;

 private:
  std::int64_t period_ = 3;
  IndicatorHandle sma_ = 0;
};

Candle bar(std::int64_t t, const char* close) {
  const Price p = Price::parse(close).value();
  return Candle{Timestamp(t), p, p, p, p, Quantity::parse("1").value()};
}

TEST(Kernel, RunsTheLifecycleAndDeliversIndicatorsTimersAndSignals) {
  Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(portfolio.add_instrument({spot(), MarginMode::kCross, 1, {}}).ok());
  SimulatedClock clock(Timestamp(0));
  NullVenue venue;
  Kernel kernel(clock, portfolio, venue, RiskLimits{});
  std::vector<double> signals;
  kernel.bus().subscribe<SignalPublished>(
      [&](const SignalPublished& s) { signals.push_back(s.value); });
  auto bot = std::make_unique<ProbeBot>();
  ProbeBot* probe = bot.get();
  ASSERT_TRUE(
      kernel.add_bot(std::move(bot), BotId("p"), Config::parse("period: 3", "t").value()).ok());
  kernel.start();
  const char* closes[] = {"10", "11", "12", "13"};
  for (int i = 0; i < 4; ++i) {
    clock.advance_to(Timestamp((i + 1) * 100));
    kernel.on_candle(0, bar(i * 100, closes[i]));
  }
  kernel.stop();
  ASSERT_EQ(probe->smas.size(), 4u);
  EXPECT_TRUE(std::isnan(probe->smas[1]));
  EXPECT_DOUBLE_EQ(probe->smas[2], 11.0);  // (10 + 11 + 12) / 3, including the bar handled
  EXPECT_DOUBLE_EQ(probe->smas[3], 12.0);
  EXPECT_EQ(signals, (std::vector<double>{10, 11, 12, 13}));
  EXPECT_EQ(probe->timers, (std::vector<std::int64_t>{150, 250, 350}));
  EXPECT_EQ(probe->log, (std::vector<std::string>{"initialize", "start", "stop"}));
  EXPECT_EQ(kernel.bot_metrics()[0].second.at("bars"), 4.0);
}

TEST(Kernel, BadParametersFailAtInitialize) {
  Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(portfolio.add_instrument({spot(), MarginMode::kCross, 1, {}}).ok());
  SimulatedClock clock;
  NullVenue venue;
  Kernel kernel(clock, portfolio, venue, RiskLimits{});
  EXPECT_FALSE(kernel
                   .add_bot(std::make_unique<ProbeBot>(), BotId("a"),
                            Config::parse("period: 0", "t").value())
                   .ok());
  EXPECT_FALSE(
      kernel
          .add_bot(std::make_unique<ProbeBot>(), BotId("b"), Config::parse("perio: 3", "t").value())
          .ok());
  EXPECT_TRUE(kernel.add_bot(std::make_unique<ProbeBot>(), BotId("c"), Config()).ok());
  EXPECT_FALSE(kernel.add_bot(std::make_unique<ProbeBot>(), BotId("c"), Config()).ok());
}

TEST(Kernel, SetBotStatePausesStopsAndRestartsDelivery) {
  Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(portfolio.add_instrument({spot(), MarginMode::kCross, 1, {}}).ok());
  SimulatedClock clock(Timestamp(0));
  NullVenue venue;
  Kernel kernel(clock, portfolio, venue, RiskLimits{});
  std::vector<std::string> notes;
  kernel.bus().subscribe<NotificationRaised>(
      [&](const NotificationRaised& n) { notes.push_back(n.text); });
  auto bot = std::make_unique<ProbeBot>();
  ProbeBot* probe = bot.get();
  ASSERT_TRUE(kernel.add_bot(std::move(bot), BotId("p"), Config()).ok());
  kernel.start();
  auto feed = [&](int i) {
    clock.advance_to(Timestamp((i + 1) * 100));
    kernel.on_candle(0, bar(i * 100, "10"));
  };
  feed(0);
  EXPECT_EQ(kernel.set_bot_state(BotId("p"), BotRunState::kPaused).value(), BotRunState::kRunning);
  EXPECT_EQ(kernel.bot_state(BotId("p")).value(), BotRunState::kPaused);
  feed(1);  // paused: no candle, no timer (the tick at 150 is skipped)
  EXPECT_EQ(probe->smas.size(), 1u);
  EXPECT_TRUE(probe->timers.empty());
  // A paused bot may not open: its order is refused before the risk engine.
  SubmitOrder entry;
  entry.quantity = Quantity::parse("1").value();
  auto refused = kernel.submit(BotId("p"), entry);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kState);
  EXPECT_NE(refused.error().message().find("paused"), std::string::npos);
  ASSERT_TRUE(kernel.set_bot_state(BotId("p"), BotRunState::kRunning).ok());
  feed(2);
  EXPECT_EQ(probe->smas.size(), 2u);
  EXPECT_EQ(probe->timers, (std::vector<std::int64_t>{250}));
  ASSERT_TRUE(kernel.set_bot_state(BotId("p"), BotRunState::kStopped).ok());
  feed(3);
  EXPECT_EQ(probe->smas.size(), 2u);
  EXPECT_EQ(probe->log, (std::vector<std::string>{"initialize", "start", "stop"}));
  ASSERT_TRUE(kernel.set_bot_state(BotId("p"), BotRunState::kRunning).ok());  // on_start again
  feed(4);
  EXPECT_EQ(probe->smas.size(), 3u);
  kernel.stop();
  EXPECT_EQ(probe->log, (std::vector<std::string>{"initialize", "start", "stop", "start", "stop"}));
  auto unknown = kernel.set_bot_state(BotId("nobody"), BotRunState::kPaused);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(kernel.bot_ids(), (std::vector<BotId>{BotId("p")}));
  ASSERT_GE(notes.size(), 4u);
  EXPECT_EQ(notes[0], "[p] running -> paused");
}

}  // namespace
}  // namespace omega::engine
