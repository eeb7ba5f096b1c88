// Bot conformance and end-to-end tests: DiscordBot over the real chat pipeline (bundled
// personas, lessons and market data), talking to the fake Discord over real sockets. Slash
// commands injected at the fake travel the whole pipeline and the persona-rendered reply
// arrives as the right REST call.
#include "chat/discord/bot/discord_bot.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "app/chat_backtest.hpp"
#include "chat/chat_pipeline.hpp"
#include "chat/console/console_chat.hpp"
#include "chat/discord/components.hpp"
#include "chat/discord/fake/fake_discord.hpp"
#include "chat/discord/payload_json.hpp"
#include "chat/notification_feed.hpp"
#include "chat/notification_router.hpp"
#include "store/open_store.hpp"
#include "store/store_options.hpp"

namespace omega::chat::discord {
namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;
constexpr milliseconds kWait{15'000};
const std::string kTraderRole = "1100000000000000100";
const std::string kTrading = "1100000000000000010";
const std::string kAlerts = "1100000000000000011";
const std::string kAlice = "1000000000000000007";
const std::string kBob = "1000000000000000008";
const std::string kCarol = "1000000000000000009";  // a trader by user id (prefix commands)

Timestamp fixed_clock() {
  return Timestamp::from_ns(1'765'000'000'000'000'000LL);
}

fs::path chat_config() {
  const fs::path dir = fs::path(OMEGA_TEST_TMP) / "discord_bot";
  fs::create_directories(dir);
  const fs::path file = dir / "chat.yaml";
  std::ofstream(file) << "chat:\n  default_persona: base\n"
                         "  rate_limit: {max_commands: 1000, window: 60s}\n"
                         "  users: {reference: trader}\n";
  return file;
}

std::string json_fragment(std::string_view text) {
  std::string q = json_quote(text);
  return q.substr(1, q.size() - 2);
}

class DiscordBotTest : public ::testing::Test {
 protected:
  void start(milliseconds defer_after = milliseconds(2000), const ConsoleOptions& options = {}) {
    auto chat = ConsoleChat::open(OMEGA_DATA_DIR, chat_config(), fixed_clock, options);
    ASSERT_TRUE(chat.ok()) << chat.error().to_string();
    chat_ = std::make_unique<ConsoleChat>(*std::move(chat));
    DiscordBotConfig c;
    c.api_base = fake_.api_base();
    c.token = "fake-bot-token";
    c.guild_id = fake_.config().guild_id;
    c.message_content = true;
    c.role_ids[kTraderRole] = Role::kTrader;
    c.user_ids[kAlice] = Role::kViewer;  // also in DMs and prefix messages (no member roles)
    c.user_ids[kCarol] = Role::kTrader;
    c.notify_channel = kAlerts;
    c.defer_after = defer_after;
    c.manual_time = true;
    bot_ = std::make_unique<DiscordBot>(c, chat_->pipeline(), chat_->symbols());
    auto started = bot_->start();
    ASSERT_TRUE(started.ok()) << started.error().to_string();
    ASSERT_TRUE(bot_->wait_ready(kWait));
  }

  void TearDown() override {
    if (bot_) bot_->stop();
  }

  fake::SlashSpec slash(std::string command,
                        std::vector<std::pair<std::string, std::string>> options = {}) {
    fake::SlashSpec s;
    s.command = std::move(command);
    s.options = std::move(options);
    s.user_id = kAlice;
    s.role_ids = {kTraderRole};
    return s;
  }

  // Waits until interaction `id` is acknowledged and, when `answered`, has its answer.
  fake::InteractionRecord await(const std::string& id, bool answered = true) {
    std::optional<fake::InteractionRecord> rec;
    EXPECT_TRUE(fake_.wait_for(
        [&] {
          rec = fake_.interaction(id);
          return rec && rec->acked_type != 0 &&
                 (!answered || !rec->original.empty() || rec->acked_type == 8 ||
                  rec->acked_type == 6);
        },
        kWait));
    return rec.value_or(fake::InteractionRecord{});
  }

  std::vector<fake::RestCall> calls(const std::string& route) {
    std::vector<fake::RestCall> out;
    for (auto& c : fake_.rest_calls()) {
      if (c.route == route) out.push_back(c);
    }
    return out;
  }

  // Alice is a member with the Trader role (button clicks carry it), Bob has no roles.
  static fake::FakeDiscordConfig fake_config() {
    fake::FakeDiscordConfig c;
    c.members = {{kAlice, "alice", {kTraderRole}}, {kBob, "bob", {}}};
    return c;
  }

  fake::FakeDiscord fake_{fake_config()};
  std::unique_ptr<ConsoleChat> chat_;
  std::unique_ptr<DiscordBot> bot_;
};

TEST_F(DiscordBotTest, ChecksTheTokenAndRegistersTheCommandTableByBulkOverwrite) {
  start();
  const auto all = fake_.rest_calls();
  ASSERT_GE(all.size(), 4U);
  EXPECT_EQ(all[0].path, "/users/@me");
  const auto put = calls("PUT /applications/{app}/guilds/{guild}/commands");
  ASSERT_EQ(put.size(), 1U);
  EXPECT_EQ(put[0].status, 200);
  const std::string commands = fake_.registered_commands();
  for (const char* name : {"help", "fib", "analyze", "buy", "positions"}) {
    EXPECT_NE(commands.find(std::string(R"("name":")") + name + "\""), std::string::npos) << name;
  }
  EXPECT_EQ(fake_.identify_count(), 1U);
  EXPECT_EQ(fake_.unimplemented_calls(), 0U);
}

TEST_F(DiscordBotTest, SlashCommandTravelsThePipelineAndThePersonaReplyIsTheCallback) {
  start();
  const auto h =
      fake_.inject_interaction(slash("fib", {{"symbol", "BTC/USDT"}, {"timeframe", "1h"}}));
  ASSERT_FALSE(h.id.empty()) << "fib was not registered";
  const auto rec = await(h.id);
  ASSERT_EQ(rec.acked_type, 4);
  ASSERT_EQ(rec.callback_status.size(), 1U);
  EXPECT_EQ(rec.callback_status[0], 204);
  EXPECT_FALSE(rec.ephemeral);

  // The same command through the console composition gives the persona's text: the Discord
  // reply carries it.
  auto console = ConsoleChat::open(OMEGA_DATA_DIR, chat_config(), fixed_clock);
  ASSERT_TRUE(console.ok());
  const auto expected = console->ask("reference", "/fib BTC/USDT 1h");
  ASSERT_TRUE(expected.ok());
  std::string line;
  std::istringstream lines(expected->text);
  while (std::getline(lines, line)) {
    if (line.size() > 12 && line.find('|') == std::string::npos) break;
  }
  ASSERT_FALSE(line.empty());
  line = line.substr(0, 30);
  EXPECT_NE(rec.original.find(json_fragment(line)), std::string::npos)
      << "expected «" << line << "» in " << rec.original;
  EXPECT_NE(rec.original.find("/fib BTC/USDT 1h"), std::string::npos) << "the embed title";
}

// Reads the big-endian 32-bit number at `at`.
std::uint32_t be32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8U) | static_cast<unsigned char>(b[at + i]);
  return v;
}

TEST_F(DiscordBotTest, FibChartIsAPngUploadedWithTheDeferredAnswerAndShownInItsEmbed) {
  start(milliseconds(0));  // always defer: the chart goes with the edit of @original
  const auto h =
      fake_.inject_interaction(slash("fib", {{"symbol", "BTC/USDT"}, {"timeframe", "1h"}}));
  ASSERT_FALSE(h.id.empty());
  const auto rec = await(h.id);
  ASSERT_EQ(rec.acked_type, 5);
  ASSERT_EQ(rec.callback_status, std::vector<int>{204});
  const auto patches = calls("PATCH /webhooks/{app}/{token}/messages/@original");
  ASSERT_EQ(patches.size(), 1U);
  EXPECT_EQ(patches[0].status, 200) << patches[0].response;
  EXPECT_EQ(patches[0].content_type.rfind("multipart/form-data; boundary=", 0), 0U)
      << patches[0].content_type;

  ASSERT_EQ(rec.original_files.size(), 1U);
  const fake::FakeFile& png = rec.original_files[0];
  EXPECT_EQ(png.field, "files[0]");
  EXPECT_EQ(png.content_type, "image/png");
  EXPECT_NE(png.description.find("Fibonacci"), std::string::npos) << png.description;
  // A real PNG: the signature, then the IHDR chunk (length 13) with the chart's size.
  ASSERT_GT(png.bytes.size(), 33U);
  EXPECT_EQ(png.bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(be32(png.bytes, 8), 13U);
  EXPECT_EQ(png.bytes.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(png.bytes, 16), 1200U) << "width";
  EXPECT_EQ(be32(png.bytes, 20), 675U) << "height";
  EXPECT_EQ(png.bytes.substr(png.bytes.size() - 8, 4), "IEND");

  // The embed shows it and the attachments list describes files[0].
  EXPECT_NE(rec.original.find(R"("image":{"url":"attachment://)" + png.filename + "\"}"),
            std::string::npos)
      << rec.original;
  EXPECT_NE(rec.original.find(R"("attachments":[{"id":0,"filename":")" + png.filename),
            std::string::npos)
      << rec.original;
  EXPECT_EQ(fake_.unimplemented_calls(), 0U);
}

TEST_F(DiscordBotTest, PrefixCommandChartIsUploadedWithTheChannelMessage) {
  start();
  fake_.inject_message(kTrading, kAlice, "!fib BTC/USDT 1h");
  ASSERT_TRUE(fake_.wait_for([&] { return !fake_.messages().empty(); }, kWait));
  const auto msgs = fake_.messages();
  ASSERT_EQ(msgs[0].uploads.size(), 1U) << msgs[0].body;
  EXPECT_EQ(msgs[0].uploads[0].bytes.substr(1, 3), "PNG");
  EXPECT_NE(msgs[0].body.find("attachment://" + msgs[0].uploads[0].filename), std::string::npos);
}

TEST_F(DiscordBotTest, PrivateDataIsAnsweredEphemerally) {
  start();
  const auto h = fake_.inject_interaction(slash("positions"));
  ASSERT_FALSE(h.id.empty());
  const auto rec = await(h.id);
  EXPECT_EQ(rec.acked_type, 4);
  EXPECT_TRUE(rec.ephemeral);
  EXPECT_NE(rec.original.find(R"("flags":64)"), std::string::npos);
}

TEST_F(DiscordBotTest, UnmappedUserIsDeniedAndTraderRoleIsNeededForTrades) {
  start();
  auto spec = slash("help");
  spec.user_id = kBob;
  spec.role_ids.clear();
  const auto rec = await(fake_.inject_interaction(spec).id);
  EXPECT_EQ(rec.acked_type, 4);
  EXPECT_NE(rec.original.find("ask an admin"), std::string::npos) << rec.original;
}

TEST_F(DiscordBotTest, SlowHandlerIsDeferredWithinTheDeadlineThenEditsOriginal) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  start(milliseconds(50));
  chat_->pipeline().register_handler("analyze",
                                     [released](const ChatRequest&) -> Result<HandlerReply> {
                                       released.wait();  // the exchange is slow
                                       HandlerReply r;
                                       r.type = MessageType::kError;
                                       r.data.set("message", "slow analysis finished");
                                       return r;
                                     });
  const auto h = fake_.inject_interaction(slash("analyze", {{"symbol", "BTC/USDT"}}));
  ASSERT_FALSE(h.id.empty());
  ASSERT_TRUE(fake_.wait_for([&] { return fake_.interaction(h.id)->acked_type == 5; }, kWait));
  release.set_value();
  const auto rec = await(h.id);
  EXPECT_EQ(rec.acked_type, 5);
  ASSERT_EQ(rec.callbacks.size(), 1U) << "a single initial response (no 40060)";
  EXPECT_EQ(rec.callback_status[0], 204) << "within the deadline (no 10062)";
  EXPECT_NE(rec.original.find("slow analysis finished"), std::string::npos) << rec.original;
  const auto patches = calls("PATCH /webhooks/{app}/{token}/messages/@original");
  ASSERT_EQ(patches.size(), 1U);
  EXPECT_EQ(patches[0].status, 200);
}

TEST_F(DiscordBotTest, LongAnswerIsSplitIntoFollowUpsWithinDiscordsLimitsAndTruncated) {
  start();
  std::string text;
  for (int i = 0; i < 1500; ++i) {
    text += "Line " + std::to_string(i) + ": the golden pocket holds above 0.618.\n";
    if (i % 40 == 39) text += "\n";
  }
  chat_->pipeline().register_handler("analyze", [text](const ChatRequest&) -> Result<HandlerReply> {
    HandlerReply r;
    r.type = MessageType::kError;
    r.data.set("message", text);
    return r;
  });
  const auto h = fake_.inject_interaction(slash("analyze", {{"symbol", "BTC/USDT"}}));
  ASSERT_FALSE(h.id.empty());
  ASSERT_TRUE(fake_.wait_for(
      [&] {
        auto rec = fake_.interaction(h.id);
        return rec && rec->acked_type == 4 && rec->followups.size() == 4;
      },
      kWait));
  const auto rec = *fake_.interaction(h.id);
  ASSERT_EQ(rec.callback_status, std::vector<int>{204}) << "the fake checks every limit";
  const auto posts = calls("POST /webhooks/{app}/{token}");
  ASSERT_EQ(posts.size(), 4U) << "5 messages at most: the reply and 4 follow-ups";
  for (const auto& p : posts) EXPECT_EQ(p.status, 200) << p.response;
  EXPECT_NE(rec.original.find("Line 0:"), std::string::npos);
  EXPECT_NE(rec.followups[0].find("Line "), std::string::npos);
  EXPECT_NE(rec.followups.back().find("answer truncated"), std::string::npos)
      << rec.followups.back().substr(0, 300);
  std::size_t errors = 0;
  for (const auto& c : fake_.rest_calls()) errors += c.status >= 400 ? 1 : 0;
  EXPECT_EQ(errors, 0U);
}

TEST_F(DiscordBotTest, SymbolAutocompleteAnswersWithChoices) {
  start();
  auto spec = slash("fib", {{"symbol", "bt"}});
  spec.type = 4;
  spec.focused = "symbol";
  const auto rec = await(fake_.inject_interaction(spec).id);
  EXPECT_EQ(rec.acked_type, 8);
  ASSERT_EQ(rec.callbacks.size(), 1U);
  EXPECT_NE(rec.callbacks[0].find(R"("value":"BTC/USDT")"), std::string::npos) << rec.callbacks[0];
}

TEST_F(DiscordBotTest, ConfirmationButtonsOnlyWorkForTheRequester) {
  start();
  const std::string confirm = *confirmation_custom_id(ConfirmDecision::kConfirm, "p1", kAlice);
  // Bob clicks Alice's confirmation: refused privately, nothing runs.
  const auto other = await(fake_.inject_button("1300000000000000500", confirm, kBob).id);
  EXPECT_EQ(other.acked_type, 4);
  EXPECT_TRUE(other.ephemeral);
  EXPECT_NE(other.original.find("not your order"), std::string::npos) << other.original;
  // Alice clicks a confirmation the bot does not hold (expired or used): the buttons go grey.
  const auto stale = await(fake_.inject_button("1300000000000000500", confirm, kAlice).id);
  EXPECT_EQ(stale.acked_type, 7);
  EXPECT_NE(stale.original.find(R"("disabled":true)"), std::string::npos) << stale.original;
  EXPECT_EQ(bot_->stats().buttons, 2U);
}

TEST_F(DiscordBotTest, TradeCommandGetsButtonsAndOnlyTheRequestersConfirmRunsIt) {
  start();
  // The trading backend: stages the order, and counts what /confirm executes.
  std::atomic<int> executed{0};
  chat_->pipeline().register_handler("buy", [](const ChatRequest& r) -> Result<HandlerReply> {
    HandlerReply out;
    out.type = MessageType::kError;
    out.data.set("message", "Buy " + r.args.at(1) + " " + r.args.at(0) + "? Confirm within 60 s.");
    return out;
  });
  chat_->pipeline().register_handler("confirm",
                                     [&executed](const ChatRequest&) -> Result<HandlerReply> {
                                       ++executed;
                                       HandlerReply out;
                                       out.type = MessageType::kError;
                                       out.data.set("message", "Order placed: BUY 0.01 BTC/USDT");
                                       return out;
                                     });
  const auto h =
      fake_.inject_interaction(slash("buy", {{"symbol", "BTC/USDT"}, {"quantity", "0.01"}}));
  ASSERT_FALSE(h.id.empty()) << "buy was not registered";
  const auto asked = await(h.id);
  ASSERT_EQ(asked.acked_type, 4);
  const std::string confirm = *confirmation_custom_id(ConfirmDecision::kConfirm, h.id, kAlice);
  EXPECT_NE(asked.original.find(json_fragment(confirm)), std::string::npos) << asked.original;
  EXPECT_EQ(executed.load(), 0);

  // Bob clicks Alice's Confirm: refused privately, nothing executed.
  const auto bob = await(fake_.inject_button(h.id, confirm, kBob).id);
  EXPECT_TRUE(bob.ephemeral);
  EXPECT_NE(bob.original.find("not your order"), std::string::npos) << bob.original;
  EXPECT_EQ(executed.load(), 0);
  // Alice's click runs /confirm once and greys the buttons out in place (type 7).
  const auto alice = await(fake_.inject_button(h.id, confirm, kAlice).id);
  EXPECT_EQ(alice.acked_type, 7);
  EXPECT_NE(alice.original.find("Order placed: BUY 0.01 BTC/USDT"), std::string::npos)
      << alice.original;
  EXPECT_NE(alice.original.find(R"("disabled":true)"), std::string::npos) << alice.original;
  EXPECT_EQ(executed.load(), 1);
  // A second click on the same (now used) confirmation executes nothing.
  const auto again = await(fake_.inject_button(h.id, confirm, kAlice).id);
  EXPECT_NE(again.original.find("expired or was already used"), std::string::npos)
      << again.original;
  EXPECT_EQ(executed.load(), 1);
}

TEST_F(DiscordBotTest, NotificationFallsBackToAChannelMentionWhenDmsAreClosed) {
  start();
  fake_.set_dms_closed(kAlice, true);
  Timestamp now = fixed_clock();
  NotificationRouter router([&now] { return now; }, *bot_, kAlerts, std::chrono::minutes(1),
                            std::chrono::seconds(0));
  router.subscribe(kAlice, NotifyEvent::kFill, NotifyLevel::kOn);
  auto stats = router.publish({NotifyEvent::kFill, "order-1", "Filled: BUY 0.01 BTC/USDT", ""});
  EXPECT_EQ(stats.fallback, 1U);
  EXPECT_EQ(stats.direct, 0U);
  auto msgs = fake_.messages();
  ASSERT_EQ(msgs.size(), 1U);
  EXPECT_EQ(msgs[0].channel_id, kAlerts);
  EXPECT_NE(msgs[0].body.find("<@" + kAlice + ">"), std::string::npos);
  EXPECT_NE(msgs[0].body.find("Filled: BUY 0.01 BTC/USDT"), std::string::npos);
  // The closed DMs are remembered: the next notification does not try (and 403) again.
  now = now + std::chrono::minutes(5);
  stats = router.publish({NotifyEvent::kFill, "order-2", "Filled: SELL 0.01 BTC/USDT", ""});
  EXPECT_EQ(stats.fallback, 1U);
  std::size_t refused = 0;
  for (auto& c : fake_.rest_calls()) refused += c.status == 403 ? 1 : 0;
  EXPECT_EQ(refused, 1U);
}

// `omega discord --store`: an event the farm wrote to the store's "notifications" stream reaches
// the subscribed user as a DM, in their persona.
TEST_F(DiscordBotTest, FarmNotificationsFromTheStoreBecomeDirectMessages) {
  const fs::path db = fs::path(OMEGA_TEST_TMP) / "discord_bot" / "farm_notifications.sqlite";
  fs::remove(db);
  ConsoleOptions options;
  options.store_url = "sqlite:" + db.string();
  options.follow_ups = false;
  options.notification_group = "discord";
  options.notification_channel = kAlerts;
  start(milliseconds(2000), options);
  InboundMessage subscribe{"discord", kAlice, "", "/notify fills on", Role::kViewer};
  ASSERT_EQ(chat_->pipeline().handle(subscribe).outcome, ReplyOutcome::kAnswered);
  chat_->deliver_notifications_to(*bot_);

  // The farm, another process: its own handle on the store.
  store::StoreOptions so = store::parse_store_url(options.store_url).value();
  auto farm = store::open_store(so);
  ASSERT_TRUE(farm.ok()) << farm.error().to_string();
  FarmEvent e;
  e.event = NotifyEvent::kFill;
  e.key = "r1.sma_cross-7:0.01";
  e.text = "sma_cross bought 0.01 BTC/USDT at 64250.5 (order r1.sma_cross-7)";
  e.bot = "sma_cross";
  e.symbol = "BTC/USDT";
  e.ts = fixed_clock();
  ASSERT_TRUE((*farm)->append_event(kNotificationsStream, encode(e)).ok());
  ASSERT_TRUE(fake_.wait_for(
      [&] {
        for (const auto& m : fake_.messages()) {
          if (m.body.find("bought 0.01 BTC/USDT at 64250.5") != std::string::npos) return true;
        }
        return false;
      },
      kWait));
  const auto msgs = fake_.messages();
  ASSERT_EQ(msgs.size(), 1U);
  EXPECT_NE(msgs[0].channel_id, kTrading);
  EXPECT_NE(msgs[0].channel_id, kAlerts);  // a DM, not the fallback
  chat_->stop_notifications();             // before the bot, their sink, goes
}

TEST_F(DiscordBotTest, DirectMessageDeliveredWhenOpen) {
  start();
  ASSERT_TRUE(bot_->send_direct(kBob, "Stop hit on ETH/USDT", false).ok());
  const auto msgs = fake_.messages();
  ASSERT_EQ(msgs.size(), 1U);
  EXPECT_NE(msgs[0].channel_id, kTrading);
  EXPECT_NE(msgs[0].body.find("Stop hit on ETH/USDT"), std::string::npos);
}

TEST_F(DiscordBotTest, PrefixCommandAnswersInTheChannelAndIgnoresBotsAndItself) {
  start();
  fake_.inject_message(kTrading, "1000000000000000099", "!help", /*author_is_bot=*/true);
  fake_.inject_message(kTrading, kAlice, "just chatting");
  fake_.inject_message(kTrading, kAlice, "!help");
  ASSERT_TRUE(fake_.wait_for(
      [&] { return !fake_.messages().empty() && bot_->stats().ignored_messages >= 3; }, kWait));
  const auto msgs = fake_.messages();
  ASSERT_EQ(msgs.size(), 1U) << "one answer; the bot's own echo does not trigger another";
  EXPECT_EQ(msgs[0].channel_id, kTrading);
  EXPECT_NE(msgs[0].body.find("/fib"), std::string::npos) << msgs[0].body;
  EXPECT_EQ(bot_->stats().prefix_commands, 1U);
}

// /backtest on the bundled BTC/USDT 1h data with the omega command's own runner (reports under
// the test's temporary directory).
ConsoleOptions with_backtest() {
  ConsoleOptions o;
  o.follow_ups = false;  // as `omega discord`: the bot delivers answers that come later
  o.backtest = [](MarketDataPort& market) -> std::unique_ptr<BacktestPort> {
    return std::make_unique<app::ChatBacktest>(
        market, fs::path(OMEGA_TEST_TMP) / "discord_bot" / "backtest_state");
  };
  return o;
}

TEST_F(DiscordBotTest, DeferredBacktestSummaryArrivesAsAFollowUpOnTheInteraction) {
  start(milliseconds(0), with_backtest());  // always deferred
  const auto h = fake_.inject_interaction(
      slash("backtest", {{"strategy", "sma_cross"}, {"symbol", "BTC/USDT"}, {"timeframe", "1h"}}));
  ASSERT_FALSE(h.id.empty());
  ASSERT_TRUE(fake_.wait_for(
      [&] {
        auto rec = fake_.interaction(h.id);
        return rec && !rec->original.empty() && !rec->followups.empty();
      },
      kWait));
  const auto rec = *fake_.interaction(h.id);
  EXPECT_EQ(rec.acked_type, 5) << "the initial response is the deferral";
  ASSERT_EQ(rec.callback_status, std::vector<int>{204});
  EXPECT_NE(rec.original.find("the summary follows"), std::string::npos) << rec.original;
  ASSERT_EQ(rec.followups.size(), 1U);
  EXPECT_NE(rec.followups[0].find("Backtest sma_cross on BTC/USDT 1h:"), std::string::npos)
      << rec.followups[0];
  EXPECT_NE(rec.followups[0].find("trade(s)"), std::string::npos) << rec.followups[0];
  EXPECT_NE(rec.followups[0].find("Sharpe"), std::string::npos) << rec.followups[0];
  const auto posts = calls("POST /webhooks/{app}/{token}");
  ASSERT_EQ(posts.size(), 1U);
  EXPECT_EQ(posts[0].status, 200) << posts[0].response;
  EXPECT_EQ(posts[0].path, "/webhooks/" + fake_.config().application_id + "/" + h.token);
  // The follow-up came after the first answer (the fake keeps the legacy "first POST after a
  // deferral edits the loading message" rule, so the order is checked too).
  const auto patches = calls("PATCH /webhooks/{app}/{token}/messages/@original");
  ASSERT_EQ(patches.size(), 1U);
  EXPECT_LT(patches[0].seq, posts[0].seq);
  EXPECT_EQ(bot_->stats().follow_ups, 1U);
  EXPECT_EQ(fake_.unimplemented_calls(), 0U);
}

TEST_F(DiscordBotTest, PrefixBacktestSummaryIsAChannelReplyToTheCommand) {
  start(milliseconds(2000), with_backtest());
  fake_.inject_message(kTrading, kCarol, "!backtest sma_cross BTC/USDT 1h");
  ASSERT_TRUE(fake_.wait_for([&] { return fake_.messages().size() >= 2; }, kWait));
  const auto msgs = fake_.messages();
  ASSERT_EQ(msgs.size(), 2U);
  EXPECT_NE(msgs[0].body.find("the summary follows"), std::string::npos) << msgs[0].body;
  EXPECT_NE(msgs[1].body.find("Backtest sma_cross on BTC/USDT 1h:"), std::string::npos)
      << msgs[1].body;
  EXPECT_NE(msgs[1].body.find(R"("message_reference":{"message_id":")"), std::string::npos)
      << msgs[1].body;
  EXPECT_EQ(msgs[0].body.find("message_reference"), std::string::npos) << msgs[0].body;
}

}  // namespace
}  // namespace omega::chat::discord
