// The control channel end to end on both backends (SQLite in a temporary file, the harness
// Redis when OMEGA_TEST_REDIS_URL is set): chat pipeline → "control" stream → ControlConsumer
// → Kernel (risk engine, bot states, orders at the venue) → result → chat reply. The venue is
// the kernel's ExecutionVenue port recording what reaches it.
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chat/audit_sink.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/control/control_consumer.hpp"
#include "chat/control/control_handlers.hpp"
#include "chat/farm_handlers.hpp"
#include "chat/farm_state.hpp"
#include "chat/settings_handlers.hpp"
#include "engine/clock.hpp"
#include "engine/kernel.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::chat {
namespace {

using std::chrono::seconds;

class RecordingVenue final : public engine::ExecutionVenue {
 public:
  void set_listener(engine::VenueListener*) override {}
  void submit(const engine::VenueOrder& order) override { orders.push_back(order); }
  void cancel(const ClientOrderId& id, Timestamp) override { cancels.push_back(id); }
  void amend_trigger(const ClientOrderId&, const Price&, Timestamp) override {}
  std::vector<engine::VenueOrder> orders;
  std::vector<ClientOrderId> cancels;
};

class IdleBot final : public engine::Bot {
 public:
  std::string_view kind() const override { return "idle"; }
  void on_candle(const engine::CandleClosed&) override { ++candles; }
  int candles = 0;
};

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

ChatSettings settings() {
  ConfigOptions o;
  o.apply_env = false;
  return ChatSettings::from_config(Config::parse(kSettings, "chat.yaml", o).value()).value();
}

class ControlTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = store::testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (*s == nullptr)
      GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
    build_kernel({});
    personas_ = std::make_unique<PersonaLibrary>(
        PersonaLibrary::load_dir(std::string(OMEGA_DATA_DIR) + "/personas").value());
    pipeline_ = std::make_unique<ChatPipeline>(
        settings(), *personas_, [this] { return now_; }, audit_);
    handlers_ = std::make_unique<ControlHandlers>(*pipeline_, *store_, [this] { return now_; });
  }
  void TearDown() override {
    handlers_.reset();
    pipeline_.reset();
    consumer_.reset();
    kernel_.reset();
    store_.reset();
    for (const auto& r : redis_) EXPECT_TRUE(store::testing::delete_prefix(r).ok());
  }

  // Builds the farm; its consumer starts (creates its group) unless `start` is false.
  void build_kernel(const engine::RiskLimits& limits, bool start = true) {
    consumer_.reset();
    kernel_.reset();
    portfolio_ = std::make_unique<engine::Portfolio>(Money::parse("100000").value());
    ASSERT_TRUE(portfolio_->add_instrument({spot(), MarginMode::kCross, 1, {}}).ok());
    kernel_ = std::make_unique<engine::Kernel>(clock_, *portfolio_, venue_, limits);
    auto bot = std::make_unique<IdleBot>();
    bot_ = bot.get();
    ASSERT_TRUE(kernel_->add_bot(std::move(bot), engine::BotId("p"), Config()).ok());
    kernel_->start();
    const Price p = Price::parse("10000").value();
    kernel_->on_candle(0, Candle{Timestamp(0), p, p, p, p, Quantity::parse("1").value()});
    consumer_ = std::make_unique<ControlConsumer>(*store_, *kernel_);
    consumer_->set_clock([this] { return now_; });
    if (start) ASSERT_TRUE(consumer_->start().ok());
  }

  ChatReply say(const std::string& user, const std::string& text) {
    return pipeline_->handle({"console", user, "", text});
  }
  std::size_t poll() {
    auto n = consumer_->poll();
    EXPECT_TRUE(n.ok()) << n.error().to_string();
    return n.ok() ? *n : 0;
  }
  // The id of the newest command on the stream, from the audit log's "sent ID".
  std::string last_sent_id() {
    auto audit = store_->recent_audit(50);
    for (auto it = audit->rbegin(); it != audit->rend(); ++it) {
      if (it->result.starts_with("sent ")) return it->result.substr(5);
    }
    return {};
  }

  store::testing::TempDir dir_;
  std::vector<store::RedisOptions> redis_;
  std::unique_ptr<store::Store> store_;
  engine::SimulatedClock clock_{Timestamp(1)};
  RecordingVenue venue_;
  std::unique_ptr<engine::Portfolio> portfolio_;
  std::unique_ptr<engine::Kernel> kernel_;
  IdleBot* bot_ = nullptr;
  std::unique_ptr<ControlConsumer> consumer_;
  Timestamp now_ = Timestamp::from_s(1'700'000'000);
  MemoryAuditSink audit_;
  std::unique_ptr<PersonaLibrary> personas_;
  std::unique_ptr<ChatPipeline> pipeline_;
  std::unique_ptr<ControlHandlers> handlers_;
};

bool has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

TEST_P(ControlTest, HaltAndResumeReachTheRiskEngineAndTheStore) {
  ChatReply r = say("ada", "/halt");
  EXPECT_EQ(r.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(r.text, "sent to the farm, waiting for its answer")) << r.text;
  EXPECT_FALSE(kernel_->risk().halted());  // nothing applied before the farm polls
  EXPECT_EQ(poll(), 1u);
  EXPECT_TRUE(kernel_->risk().halted());
  auto result = handlers_->client().result(last_sent_id());
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ((*result)->status, "ok");
  StoreFarmState farm(*store_);
  auto status = farm.status();
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->halted);
  EXPECT_EQ(status->halt_reason, "by ada via console");
  // A new entry is refused now; the denial names the halt.
  engine::SubmitOrder entry;
  entry.quantity = Quantity::parse("0.1").value();
  auto denied = kernel_->submit(engine::BotId("manual"), entry);
  ASSERT_FALSE(denied.ok());
  EXPECT_TRUE(has(denied.error().message(), "halt")) << denied.error().message();

  say("ada", "/resume");
  EXPECT_EQ(poll(), 1u);
  EXPECT_FALSE(kernel_->risk().halted());
  EXPECT_FALSE(farm.status()->halted);
  // Every command is audited twice: sent by the chat, applied by the farm.
  int sent = 0;
  int applied = 0;
  const auto audit = store_->recent_audit(50);
  ASSERT_TRUE(audit.ok());
  for (const auto& a : *audit) {
    if (a.action == "control.halt" || a.action == "control.resume") {
      (a.result.starts_with("sent ") ? sent : applied) += 1;
      EXPECT_EQ(a.actor, "user:ada");
    }
  }
  EXPECT_EQ(sent, 2);
  EXPECT_EQ(applied, 2);
}

TEST_P(ControlTest, TheFarmChecksTheRoleAgain) {
  ControlCommand forged;
  forged.id = "forged-1";
  forged.ts = now_;
  forged.user = "tom";
  forged.role = "trader";
  forged.action = "halt";
  ASSERT_TRUE(store_->append_event(kControlStream, encode(forged)).ok());
  ASSERT_TRUE(store_->append_event(kControlStream, "{not json").ok());
  EXPECT_EQ(poll(), 2u);
  EXPECT_FALSE(kernel_->risk().halted());
  auto result = handlers_->client().result("forged-1");
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ((*result)->status, "rejected");
  EXPECT_TRUE(has((*result)->detail, "needs the admin role")) << (*result)->detail;
  EXPECT_EQ(poll(), 0u);  // both acknowledged
}

TEST_P(ControlTest, TradeWaitsForConfirmThenGoesThroughTheRiskEngine) {
  ChatReply staged = say("tom", "/buy BTC/USDT 0.5 9990");
  EXPECT_EQ(staged.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(staged.text, "buy 0.5 BTC/USDT at 9990")) << staged.text;
  EXPECT_TRUE(has(staged.text, "/confirm within 60 s")) << staged.text;
  EXPECT_EQ(poll(), 0u);  // nothing is sent before the confirmation
  EXPECT_TRUE(venue_.orders.empty());

  ChatReply confirmed = say("tom", "/confirm");
  EXPECT_EQ(confirmed.outcome, ReplyOutcome::kAnswered) << confirmed.text;
  EXPECT_EQ(poll(), 1u);
  ASSERT_EQ(venue_.orders.size(), 1u);
  EXPECT_EQ(venue_.orders[0].quantity, Quantity::parse("0.5").value());
  auto result = handlers_->client().result(last_sent_id());
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ((*result)->status, "ok");
  EXPECT_TRUE(has((*result)->detail, "order manual-")) << (*result)->detail;

  // A confirmation is used once.
  ChatReply again = say("tom", "/confirm");
  EXPECT_EQ(again.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(again.text, "nothing to confirm")) << again.text;
}

TEST_P(ControlTest, AConfirmationExpiresAfterSixtySeconds) {
  say("tom", "/sell BTC/USDT 0.1");
  now_ = now_ + Duration(seconds(61));
  ChatReply late = say("tom", "/confirm");
  EXPECT_EQ(late.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(late.text, "confirmation window passed")) << late.text;
  EXPECT_EQ(poll(), 0u);
  // Another user's /confirm never sends someone else's trade.
  say("tom", "/sell BTC/USDT 0.1");
  EXPECT_EQ(say("ada", "/confirm").outcome, ReplyOutcome::kFailed);
  EXPECT_EQ(poll(), 0u);
}

TEST_P(ControlTest, BadTradeArgumentsAreRefusedBeforeStaging) {
  ChatReply r = say("tom", "/buy BTC/USDT -1");
  EXPECT_EQ(r.outcome, ReplyOutcome::kFailed);
  EXPECT_TRUE(has(r.text, "'-1' is not a valid quantity")) << r.text;
  r = say("tom", "/buy NOTASYMBOL 1");
  EXPECT_TRUE(has(r.text, "'NOTASYMBOL' is not a symbol")) << r.text;
  EXPECT_EQ(say("tom", "/confirm").outcome, ReplyOutcome::kFailed);
}

TEST_P(ControlTest, RiskDenialComesBackAsRejected) {
  engine::RiskLimits limits;
  limits.max_order_notional = Money::parse("1000").value();
  build_kernel(limits);
  say("tom", "/buy BTC/USDT 1");
  say("tom", "/confirm");
  EXPECT_EQ(poll(), 1u);
  EXPECT_TRUE(venue_.orders.empty());
  auto result = handlers_->client().result(last_sent_id());
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ((*result)->status, "rejected");
  EXPECT_TRUE(has((*result)->detail, "max_order_notional")) << (*result)->detail;
}

TEST_P(ControlTest, CloseSendsAReduceOnlyOrderAndFailsWhenFlat) {
  say("tom", "/close BTC/USDT");
  say("tom", "/confirm");
  EXPECT_EQ(poll(), 1u);
  auto result = handlers_->client().result(last_sent_id());
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ((*result)->status, "failed");
  EXPECT_TRUE(has((*result)->detail, "no open position in BTC/USDT")) << (*result)->detail;
  say("tom", "/buy ETH/USDT 1");
  say("tom", "/confirm");
  EXPECT_EQ(poll(), 1u);
  EXPECT_TRUE(
      has((*handlers_->client().result(last_sent_id()))->detail, "does not trade ETH/USDT"));
}

TEST_P(ControlTest, BotCommandsChangeTheRunStateInTheKernelAndTheStore) {
  say("tom", "/bot pause p");
  EXPECT_EQ(poll(), 1u);
  EXPECT_EQ(kernel_->bot_state(engine::BotId("p")).value(), engine::BotRunState::kPaused);
  const Price px = Price::parse("10001").value();
  kernel_->on_candle(0, Candle{Timestamp(60), px, px, px, px, Quantity::parse("1").value()});
  EXPECT_EQ(bot_->candles, 1);  // the paused bot did not see the second bar
  StoreFarmState farm(*store_);
  auto status = farm.status();
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->bots.size(), 1u);
  EXPECT_EQ(status->bots[0].run_state, "paused");
  say("tom", "/bot start nobody");
  EXPECT_EQ(poll(), 1u);
  auto r = handlers_->client().result(last_sent_id());
  EXPECT_EQ((*r)->status, "failed");
  EXPECT_TRUE(has((*r)->detail, "no bot 'nobody'"));
  EXPECT_EQ(say("vera", "/bot stop p").outcome, ReplyOutcome::kDenied);
}

TEST_P(ControlTest, ACommandIsAppliedOnceWhateverTheRedeliveries) {
  ControlCommand c;
  c.id = "dup-1";
  c.ts = now_;
  c.user = "tom";
  c.role = "trader";
  c.action = "buy";
  c.symbol = "BTC/USDT";
  c.quantity = "0.2";
  ASSERT_TRUE(store_->append_event(kControlStream, encode(c)).ok());
  ASSERT_TRUE(store_->append_event(kControlStream, encode(c)).ok());
  EXPECT_EQ(poll(), 2u);
  EXPECT_EQ(venue_.orders.size(), 1u);
}

ControlCommand command(std::string id, std::string action, Timestamp ts) {
  ControlCommand c;
  c.id = std::move(id);
  c.ts = ts;
  c.user = "ada";
  c.role = "admin";
  c.action = std::move(action);
  if (c.action == "buy") {
    c.symbol = "BTC/USDT";
    c.quantity = "0.1";
  }
  return c;
}

// A farm that never ran (no consumer group yet) still gets what the chat sent before it first
// started: the group is created at the stream's start.
TEST_P(ControlTest, CommandsSentBeforeTheFarmFirstStartedAreApplied) {
  store::testing::TempDir dir;
  std::vector<store::RedisOptions> redis;
  auto fresh = store::testing::open_test_store(GetParam(), dir.path(), redis);
  ASSERT_TRUE(fresh.ok() && *fresh != nullptr);
  store::Store& s = **fresh;
  ASSERT_TRUE(s.append_event(kControlStream, encode(command("early-halt", "halt", now_))).ok());
  ASSERT_TRUE(s.append_event(kControlStream, encode(command("early-buy", "buy", now_))).ok());
  ControlConsumer farm(s, *kernel_);
  farm.set_clock([this] { return now_ + Duration(seconds(5)); });
  ASSERT_TRUE(farm.start().ok());
  auto polled = farm.poll();
  ASSERT_TRUE(polled.ok()) << polled.error().to_string();
  EXPECT_EQ(*polled, 2u);
  EXPECT_TRUE(kernel_->risk().halted());
  auto buy = s.get_state(store::BotId(std::string(kControlStateBot)), "cmd:early-buy");
  ASSERT_TRUE(buy.ok() && buy->has_value());
  auto result = decode_result((*buy)->value);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, "rejected");  // by the risk engine: halted
  EXPECT_TRUE(has(result->detail, "manual_halt")) << result->detail;
  (void)farm.poll();
  EXPECT_TRUE(venue_.orders.empty());
  for (const auto& r : redis) EXPECT_TRUE(store::testing::delete_prefix(r).ok());
}

// Commands that trade or let trading start again are applied within kCommandTtl of being sent,
// never later; commands that stop are applied however late.
TEST_P(ControlTest, StaleTradesAndResumesExpireButStopsAreAlwaysApplied) {
  const Timestamp sent = now_ - kCommandTtl - Duration(seconds(1));
  for (const auto& c : {command("old-halt", "halt", now_ - Duration(std::chrono::hours(5))),
                        command("old-resume", "resume", sent), command("old-buy", "buy", sent),
                        command("fresh-buy", "buy", now_ - kCommandTtl)}) {
    ASSERT_TRUE(store_->append_event(kControlStream, encode(c)).ok());
  }
  EXPECT_EQ(poll(), 4u);
  auto status_of = [&](const std::string& id) {
    auto v = store_->get_state(store::BotId(std::string(kControlStateBot)), "cmd:" + id);
    return v.ok() && v->has_value() ? decode_result((*v)->value).value() : ControlResult{};
  };
  EXPECT_EQ(status_of("old-halt").status, "ok");
  EXPECT_EQ(status_of("old-resume").status, "rejected");
  EXPECT_TRUE(has(status_of("old-resume").detail, "expired: sent 61 s ago"))
      << status_of("old-resume").detail;
  EXPECT_TRUE(kernel_->risk().halted()) << "the stale resume must not lift the halt";
  EXPECT_EQ(status_of("old-buy").status, "rejected");
  EXPECT_TRUE(has(status_of("old-buy").detail, "expired")) << status_of("old-buy").detail;
  // Exactly 60 s old is still in time: it reaches the risk engine (and the halt refuses it).
  EXPECT_FALSE(has(status_of("fresh-buy").detail, "expired")) << status_of("fresh-buy").detail;
  EXPECT_TRUE(venue_.orders.empty());
  for (const char* a : {"buy", "sell", "close", "cancel", "resume", "bot.start"}) {
    EXPECT_TRUE(expires(a)) << a;
  }
  for (const char* a : {"halt", "bot.stop", "bot.pause"}) EXPECT_FALSE(expires(a)) << a;
}

TEST_P(ControlTest, ARestartedConsumerTakesBackWhatItReadButDidNotAcknowledge) {
  ControlCommand c;
  c.id = "restart-1";
  c.ts = now_;
  c.user = "ada";
  c.role = "admin";
  c.action = "halt";
  ASSERT_TRUE(store_->append_event(kControlStream, encode(c)).ok());
  // The previous run read it and died before applying or acknowledging.
  auto read = store_->read_group(kControlStream, kControlGroup, "farm", 10);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 1u);
  build_kernel({}, false);  // the restarted farm
  EXPECT_FALSE(kernel_->risk().halted());
  ASSERT_TRUE(consumer_->start().ok());
  EXPECT_TRUE(kernel_->risk().halted());
  EXPECT_EQ((*handlers_->client().result("restart-1"))->status, "ok");

  // Read and claimed ("applying") but never answered: reported, never applied a second time.
  c.id = "restart-2";
  c.action = "resume";
  ASSERT_TRUE(store_->append_event(kControlStream, encode(c)).ok());
  ASSERT_TRUE(store_->read_group(kControlStream, kControlGroup, "farm", 10).ok());
  ASSERT_TRUE(
      store_->compare_and_set_state(store::BotId("control"), "cmd:restart-2", 0, "applying").ok());
  build_kernel({}, false);
  kernel_->halt("test");
  ASSERT_TRUE(consumer_->start().ok());
  EXPECT_TRUE(kernel_->risk().halted());  // the resume was not applied blind
  auto r = handlers_->client().result("restart-2");
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->status, "failed");
  EXPECT_TRUE(has((*r)->detail, "interrupted")) << (*r)->detail;
}

TEST_P(ControlTest, AFollowUpCarriesTheResultWhenItArrivesLater) {
  std::promise<ChatReply> delivered;
  pipeline_->set_follow_up_delivery(
      [&delivered](const InboundMessage&, ChatReply reply) { delivered.set_value(reply); });
  ChatReply first = say("ada", "/halt");
  EXPECT_TRUE(has(first.text, "sent to the farm, waiting for its answer")) << first.text;
  EXPECT_EQ(handlers_->awaiting(), 1u);
  EXPECT_EQ(poll(), 1u);
  auto future = delivered.get_future();
  ASSERT_EQ(future.wait_for(seconds(30)), std::future_status::ready);
  const ChatReply later = future.get();
  EXPECT_EQ(later.outcome, ReplyOutcome::kAnswered);
  EXPECT_TRUE(has(later.text, "halt all trading (kill switch): done")) << later.text;
  EXPECT_TRUE(has(later.text, "new entries are refused")) << later.text;
}

// Every command × every role with the farm wired (store-backed and control handlers): allowed
// commands run (none is "not available" but /backtest, whose runner the app provides), the
// others are denied naming the role.
TEST_P(ControlTest, AuthorizationMatrixWithTheFarmWired) {
  StoreFarmState farm(*store_);
  register_farm_handlers(*pipeline_, farm, [this] { return now_; });
  struct NullSink final : NotificationSink {
    Status send_direct(std::string_view, std::string_view, bool) override { return ok_status(); }
    Status send_channel(std::string_view, std::string_view, std::string_view, bool) override {
      return ok_status();
    }
  } sink;
  NotificationRouter router([this] { return now_; }, sink, "", Duration(0), Duration(0));
  AlertBook book(*store_);
  register_settings_handlers(*pipeline_, *store_, router, book);
  const std::map<std::string, std::string> invocation = {
      {"analyze", "/analyze BTC/USDT"},
      {"fib", "/fib BTC/USDT"},
      {"patterns", "/patterns BTC/USDT"},
      {"backtest", "/backtest sma_cross BTC/USDT"},
      {"alerts", "/alerts list"},
      {"notify", "/notify"},
      {"buy", "/buy BTC/USDT 0.1"},
      {"sell", "/sell BTC/USDT 0.1"},
      {"close", "/close BTC/USDT"},
      {"cancel", "/cancel o-1"},
      {"bot", "/bot pause p"},
      {"persona", "/persona list"},
      {"quiz", "/quiz"},
      {"learn", "/learn"}};
  const std::pair<const char*, Role> users[] = {
      {"vera", Role::kViewer}, {"tom", Role::kTrader}, {"ada", Role::kAdmin}};
  std::size_t cells = 0;
  for (const CommandSpec& spec : command_table()) {
    for (const auto& [user, role] : users) {
      auto it = invocation.find(std::string(spec.name));
      const std::string text = it != invocation.end() ? it->second : "/" + std::string(spec.name);
      const ChatReply r = say(user, text);
      SCOPED_TRACE(text + " as " + user + ": " + r.text);
      ASSERT_FALSE(r.text.empty());
      if (allows(role, spec.role)) {
        EXPECT_NE(r.outcome, ReplyOutcome::kDenied);
        EXPECT_NE(r.outcome, ReplyOutcome::kRejected);
        // Market, education and backtest commands are not wired in this fixture.
        const bool wired = spec.availability != Availability::kReady || spec.name == "help" ||
                           spec.name == "persona";
        if (wired) EXPECT_NE(r.outcome, ReplyOutcome::kUnavailable);
      } else {
        EXPECT_EQ(r.outcome, ReplyOutcome::kDenied);
        EXPECT_TRUE(has(r.text, "needs the " + std::string(to_string(spec.role))));
      }
      EXPECT_EQ(r.ephemeral, spec.private_data);
      ++cells;
    }
  }
  EXPECT_EQ(cells, command_table().size() * 3);
  // Sent: /confirm (tom, ada: their last staged trade), /bot (tom, ada), /halt and /resume (ada).
  EXPECT_EQ(poll(), 6u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ControlTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace omega::chat
