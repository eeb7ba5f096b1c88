// Notifications end to end on both backends: the farm's Kernel bus → EngineEventBridge → store
// stream "notifications" → NotificationFeed → NotificationRouter → a front end's sink, with
// per-user levels from /notify (persisted in user settings), de-duplication, cooldowns and the
// channel fallback; and alert rules (/alerts, persisted) fired by candles in the store, by
// positions and by signals. The sink is the router's front-end port, recording deliveries.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "chat/alerts.hpp"
#include "chat/audit_sink.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/control/event_bridge.hpp"
#include "chat/farm_state.hpp"
#include "chat/notification_feed.hpp"
#include "chat/notification_router.hpp"
#include "chat/persona/persona_renderer.hpp"
#include "chat/settings_handlers.hpp"
#include "engine/clock.hpp"
#include "engine/kernel.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::chat {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

class NullVenue final : public engine::ExecutionVenue {
 public:
  void set_listener(engine::VenueListener*) override {}
  void submit(const engine::VenueOrder&) override {}
  void cancel(const ClientOrderId&, Timestamp) override {}
  void amend_trigger(const ClientOrderId&, const Price&, Timestamp) override {}
};

struct Delivery {
  std::string user;
  std::string text;
  bool silent = false;
  bool channel = false;
};

class RecordingSink final : public NotificationSink {
 public:
  Status send_direct(std::string_view user, std::string_view text, bool silent) override {
    if (user == closed_dms) return Error(ErrorCode::kUnavailable, "DMs closed");
    got.push_back({std::string(user), std::string(text), silent, false});
    return ok_status();
  }
  Status send_channel(std::string_view, std::string_view user, std::string_view text,
                      bool silent) override {
    got.push_back({std::string(user), std::string(text), silent, true});
    return ok_status();
  }
  std::vector<Delivery> got;
  std::string closed_dms;
};

Price px(std::string_view s) {
  return Price::parse(s).value();
}

Candle bar(Timestamp t, std::string_view low, std::string_view high, std::string_view close) {
  return Candle{t, px(close), px(high), px(low), px(close), Quantity::parse("1").value()};
}

Instrument spot() {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.0001").value();
  return Instrument::create(spec).value();
}

constexpr const char* kSettings = R"(chat:
  default_persona: base
  rate_limit: {max_commands: 100, window: 10s}
  users:
    vera: viewer
    tom: trader
    ada: admin
)";

class NotificationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = store::testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (*s == nullptr)
      GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
    router_ = std::make_unique<NotificationRouter>([this] { return now_; }, sink_, "#alerts",
                                                   Duration(minutes(5)), Duration(seconds(30)));
    book_ = std::make_unique<AlertBook>(*store_);
    alerts_ = std::make_unique<AlertEngine>(*book_);
    farm_ = std::make_unique<StoreFarmState>(*store_);
    feed_ = std::make_unique<NotificationFeed>(*store_, *router_, alerts_.get(), farm_.get(),
                                               "chat-test");
    ASSERT_TRUE(feed_->start().ok());
    personas_ = std::make_unique<PersonaLibrary>(
        PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value());
    ConfigOptions o;
    o.apply_env = false;
    pipeline_ = std::make_unique<ChatPipeline>(
        ChatSettings::from_config(Config::parse(kSettings, "chat.yaml", o).value()).value(),
        *personas_, [this] { return now_; }, audit_);
    register_settings_handlers(*pipeline_, *store_, *router_, *book_);
  }
  void TearDown() override {
    feed_.reset();
    pipeline_.reset();
    store_.reset();
    for (const auto& r : redis_) EXPECT_TRUE(store::testing::delete_prefix(r).ok());
  }

  ChatReply say(const std::string& user, const std::string& text) {
    return pipeline_->handle({"console", user, "", text});
  }
  std::size_t poll() {
    auto n = feed_->poll();
    EXPECT_TRUE(n.ok()) << n.error().to_string();
    return n.ok() ? *n : 0;
  }
  std::vector<Delivery> take() {
    std::vector<Delivery> out;
    out.swap(sink_.got);
    return out;
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  Timestamp now_ = Timestamp::from_s(1'700'000'000);
  RecordingSink sink_;
  std::unique_ptr<NotificationRouter> router_;
  std::unique_ptr<AlertBook> book_;
  std::unique_ptr<AlertEngine> alerts_;
  std::unique_ptr<StoreFarmState> farm_;
  std::unique_ptr<NotificationFeed> feed_;
  MemoryAuditSink audit_;
  std::unique_ptr<PersonaLibrary> personas_;
  std::unique_ptr<ChatPipeline> pipeline_;
};

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST_P(NotificationTest, KernelEventsReachSubscribersAtTheirLevels) {
  ASSERT_EQ(say("ada", "/notify risk on").outcome, ReplyOutcome::kAnswered);
  ASSERT_EQ(say("tom", "/notify denials silent").outcome, ReplyOutcome::kAnswered);
  ASSERT_EQ(say("vera", "/notify risk off").outcome, ReplyOutcome::kAnswered);
  // The farm: a kernel whose bus the bridge writes to the store.
  engine::Portfolio portfolio(Money::parse("1000").value());
  ASSERT_TRUE(portfolio.add_instrument({spot(), MarginMode::kCross, 1, {}}).ok());
  engine::SimulatedClock clock(Timestamp(1));
  NullVenue venue;
  engine::Kernel kernel(clock, portfolio, venue, engine::RiskLimits{});
  EngineEventBridge bridge(*store_, kernel);
  kernel.on_candle(0, bar(Timestamp(0), "100", "100", "100"));
  kernel.halt("by ada via console");  // a risk warning
  engine::SubmitOrder entry;
  entry.quantity = Quantity::parse("1").value();
  ASSERT_FALSE(kernel.submit(engine::BotId("manual"), entry).ok());  // a denial
  EXPECT_EQ(bridge.appended(), 2);

  EXPECT_EQ(poll(), 2u);
  const auto got = take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].user, "ada");
  EXPECT_TRUE(has(got[0].text, "trading halted: by ada via console")) << got[0].text;
  EXPECT_FALSE(got[0].silent);
  EXPECT_EQ(got[1].user, "tom");
  EXPECT_TRUE(has(got[1].text, "denied by the risk engine")) << got[1].text;
  EXPECT_TRUE(got[1].silent);
  EXPECT_EQ(poll(), 0u);  // acknowledged: nothing twice
}

TEST_P(NotificationTest, DuplicatesCooldownsAndTheChannelFallback) {
  say("ada", "/notify fills on");
  say("tom", "/notify fills on");
  sink_.closed_dms = "tom";
  FarmEvent fill;
  fill.event = NotifyEvent::kFill;
  fill.key = "c-1:0.5";
  fill.text = "bot-a bought 0.5 BTC/USDT at 60000 (order c-1)";
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(fill)).ok());
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(fill)).ok());  // redelivered
  poll();
  auto got = take();
  ASSERT_EQ(got.size(), 2u);  // once per user
  EXPECT_FALSE(got[0].channel);
  EXPECT_TRUE(got[1].channel);  // tom's DMs are closed: a mention in #alerts
  EXPECT_EQ(got[1].user, "tom");
  // Another fill 10 s later is inside the 30 s cooldown; after it, it goes out.
  fill.key = "c-2:0.5";
  now_ = now_ + Duration(seconds(10));
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(fill)).ok());
  poll();
  EXPECT_TRUE(take().empty());
  fill.key = "c-3:0.5";
  now_ = now_ + Duration(seconds(31));
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(fill)).ok());
  poll();
  EXPECT_EQ(take().size(), 2u);
}

TEST_P(NotificationTest, NotifyLevelsSurviveARestart) {
  say("tom", "/notify signals silent");
  say("tom", "/notify alerts off");
  const ChatReply shown = say("tom", "/notify");
  EXPECT_TRUE(has(shown.text, "signals: silent")) << shown.text;
  EXPECT_TRUE(has(shown.text, "fills: off")) << shown.text;
  EXPECT_TRUE(has(shown.text, "alerts: off")) << shown.text;
  NotificationRouter fresh([this] { return now_; }, sink_, "", Duration(0), Duration(0));
  ASSERT_TRUE(load_notify_levels(*store_, fresh).ok());
  EXPECT_EQ(fresh.level("tom", NotifyEvent::kSignal), NotifyLevel::kSilent);
  EXPECT_EQ(fresh.level("tom", NotifyEvent::kAlert), NotifyLevel::kOff);
  EXPECT_FALSE(fresh.level("tom", NotifyEvent::kFill).has_value());
  EXPECT_EQ(say("tom", "/notify fills").outcome, ReplyOutcome::kFailed);
  EXPECT_EQ(say("tom", "/notify fills loud").outcome, ReplyOutcome::kRejected);
}

TEST_P(NotificationTest, AlertRulesArePersistedAndValidated) {
  ChatReply r = say("tom", "/alerts add price BTC/USDT above 70000");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered) << r.text;
  EXPECT_TRUE(has(r.text, "Alert #1 set: price BTC/USDT above 70000")) << r.text;
  say("tom", "/alerts add fib BTC/USDT 1h");
  say("tom", "/alerts add risk 5");
  say("tom", "/alerts add signal fib_touch");
  EXPECT_TRUE(has(say("tom", "/alerts remove 2").text, "Alert #2 removed"));
  r = say("tom", "/alerts list");
  EXPECT_TRUE(has(r.text, "#1 price BTC/USDT above 70000")) << r.text;
  EXPECT_FALSE(has(r.text, "#2 ")) << r.text;
  EXPECT_TRUE(has(r.text, "#4 signal fib_touch")) << r.text;
  AlertBook reloaded(*store_);
  ASSERT_TRUE(reloaded.load(*store_).ok());
  ASSERT_EQ(reloaded.list("tom").size(), 3u);
  EXPECT_EQ(reloaded.list("tom")[1].to_string(), "risk 5");
  // Bad rules name what is wrong and change nothing.
  r = say("tom", "/alerts add price BTC/USDT sideways 70000");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "'sideways' is not above or below")) << r.text;
  EXPECT_TRUE(has(say("tom", "/alerts add moon BTC").text, "'moon' is not a kind of alert"));
  EXPECT_TRUE(has(say("tom", "/alerts remove 9").text, "no alert #9"));
  EXPECT_TRUE(has(say("tom", "/alerts add risk 500").text, "between 0 and 100"));
  EXPECT_EQ(book_->list("tom").size(), 3u);
}

TEST_P(NotificationTest, APriceAlertFiresWhenTheStoredBarsCrossItsLevel) {
  say("tom", "/alerts add price BTC/USDT above 70000");
  const Symbol btc = Symbol::parse("BTC/USDT").value();
  auto add = [&](int minute, const char* low, const char* high, const char* close) {
    const Candle c = bar(Timestamp::from_s(1'700'000'000 + 60 * minute), low, high, close);
    ASSERT_TRUE(store_->append_candles(btc, Timeframe::m1(), std::span(&c, 1)).ok());
  };
  add(0, "69000", "69500", "69400");
  poll();  // the first look only learns where the price is
  add(1, "69300", "69900", "69800");
  poll();
  EXPECT_TRUE(take().empty());  // below: nothing
  add(2, "69700", "70100", "70050");
  add(3, "70000", "70400", "70300");  // two new bars in one poll: fires once, on the cross
  poll();
  auto got = take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user, "tom");
  EXPECT_TRUE(has(got[0].text, "alert #1: BTC/USDT crossed above 70000")) << got[0].text;
  add(4, "69800", "70000", "69900");  // touches from above: not a cross from below
  add(5, "69500", "69900", "69600");
  poll();
  EXPECT_TRUE(take().empty());
  now_ = now_ + Duration(minutes(10));  // past the cooldown
  add(6, "69600", "70200", "70100");    // crosses again
  poll();
  EXPECT_EQ(take().size(), 1u);
}

TEST_P(NotificationTest, AFibAlertFiresOnATouchOfARetracementLevel) {
  say("tom", "/alerts add fib BTC/USDT 1h");
  const Symbol btc = Symbol::parse("BTC/USDT").value();
  // A 10% rise from 100 to 110 and a pullback: the 0.5 level of the leg is 105.
  std::vector<Candle> bars;
  Timestamp t = Timestamp::from_s(1'700'000'000);
  auto push = [&](double low, double high, double close) {
    bars.push_back(bar(t, fmt::format("{:.2f}", low), fmt::format("{:.2f}", high),
                       fmt::format("{:.2f}", close)));
    t = t + Duration(std::chrono::hours(1));
  };
  for (int i = 0; i < 10; ++i) push(100.0 + i, 101.0 + i, 100.5 + i);  // up to 110
  push(104.0, 109.0, 104.5);  // a 5% pullback confirms the high
  push(103.5, 106.5, 104.0);  // the bar judged: it spans the 0.382, 0.5 and 0.618 levels
  ASSERT_TRUE(
      store_->append_candles(btc, Timeframe::h1(), std::span(bars.data(), bars.size() - 1)).ok());
  poll();
  take();
  ASSERT_TRUE(store_->append_candles(btc, Timeframe::h1(), std::span(&bars.back(), 1)).ok());
  poll();
  const auto got = take();
  ASSERT_FALSE(got.empty());
  EXPECT_TRUE(has(got[0].text, "alert #1: BTC/USDT 1h touched the")) << got[0].text;
  EXPECT_TRUE(has(got[0].text, "bar 103.5–106.5")) << got[0].text;
}

TEST_P(NotificationTest, RiskAndSignalAlerts) {
  say("tom", "/alerts add risk 5");
  say("ada", "/alerts add signal fib_touch");
  // bot-a long 1 BTC at 100, the last bar closes at 90: 10% under water.
  store::FillRecord f;
  f.bot_id = store::BotId("bot-a");
  f.symbol = Symbol::parse("BTC/USDT").value();
  f.fill.trade_id = TradeId("t-1");
  f.fill.client_order_id = ClientOrderId("c-1");
  f.fill.side = OrderSide::kBuy;
  f.fill.price = px("100");
  f.fill.quantity = Quantity::parse("1").value();
  f.fill.fee = Money::parse("0").value();
  f.fill.fee_currency = Currency::parse("USDT").value();
  f.fill.ts_event = now_;
  ASSERT_TRUE(store_->append_fill(f).ok());
  const Candle c = bar(now_, "89", "91", "90");
  ASSERT_TRUE(store_->append_candles(f.symbol, Timeframe::m1(), std::span(&c, 1)).ok());
  FarmEvent s;
  s.event = NotifyEvent::kSignal;
  s.key = "bot-a:fib_touch:1";
  s.text = "bot-a signals fib_touch on BTC/USDT (0.618)";
  s.bot = "bot-a";
  s.symbol = "BTC/USDT";
  s.kind = "fib_touch";
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(s)).ok());
  s.kind = "trend";
  s.key = "bot-a:trend:2";
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(s)).ok());
  poll();
  const auto got = take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].user, "ada");  // only the fib_touch signal, only to the rule's owner
  EXPECT_TRUE(has(got[0].text, "alert #1: bot-a signalled fib_touch on BTC/USDT")) << got[0].text;
  EXPECT_EQ(got[1].user, "tom");
  EXPECT_TRUE(has(got[1].text, "bot-a BTC/USDT is 10.00% under water (-10.00), past your 5%"))
      << got[1].text;
  poll();
  EXPECT_TRUE(take().empty());  // still under water, but de-duplicated within the window
}

TEST_P(NotificationTest, TheRendererPutsEachUserInTheirPersona) {
  say("tom", "/notify faults on");
  say("ada", "/notify faults on");
  router_->set_renderer([this](std::string_view user, const Notification& n) {
    MessageData d;
    d.set("event", std::string(to_string(n.event)))
        .set("text", n.text)
        .set("user", std::string(user));
    const Persona& p = **personas_->find(user == "tom" ? "xyko" : "biel");
    return render_message(p, MessageType::kNotification, d).value();
  });
  FarmEvent e;
  e.event = NotifyEvent::kFault;
  e.key = "f-1";
  e.text = "[bot-a] on_candle threw: division by zero";
  ASSERT_TRUE(store_->append_event(kNotificationsStream, encode(e)).ok());
  poll();
  const auto got = take();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].user, "ada");  // Biel: plain words, by name
  EXPECT_TRUE(has(got[0].text, "Heads-up ada: [bot-a] on_candle threw")) << got[0].text;
  EXPECT_EQ(got[1].user, "tom");  // Xyko: the raw event
  EXPECT_EQ(got[1].text, "[faults] [bot-a] on_candle threw: division by zero");
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace omega::chat
