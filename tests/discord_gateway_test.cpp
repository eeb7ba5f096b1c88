// Gateway conformance tests: the real GatewayClient against the fake Discord over real
// WebSockets on loopback. Time on the client is manual (advance()), so heartbeats, zombie
// detection and reconnect delays are driven without waiting; every wait is on a condition.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chat/discord/client/gateway_client.hpp"
#include "chat/discord/fake/fake_discord.hpp"

namespace omega::chat::discord {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kWait{10'000};
constexpr std::uint32_t kAllIntents =
    kIntentGuilds | kIntentGuildMessages | kIntentDirectMessages | kIntentMessageContent;

struct Seen {
  std::string name;
  std::int64_t seq;
};

class GatewayConformance : public ::testing::Test {
 protected:
  explicit GatewayConformance(fake::FakeDiscordConfig config = {}) : fake_(std::move(config)) {}

  void make_client(std::string token = "fake-bot-token", std::uint32_t intents = kAllIntents,
                   std::uint64_t seed = 7) {
    GatewayClientOptions o;
    o.session.token = std::move(token);
    o.session.intents = intents;
    o.session.seed = seed;
    o.time = TimeMode::kManual;
    client_ = std::make_unique<GatewayClient>(
        o, [this](const std::string& name, std::int64_t seq, const std::string&) {
          {
            std::lock_guard lock(mu_);
            seen_.push_back({name, seq});
          }
          seen_cv_.notify_all();
        });
    client_->start(fake_.gateway_url());
  }

  void connect_ready() {
    make_client();
    ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.ready; }));
  }

  bool wait_client(const std::function<bool(const GatewaySnapshot&)>& pred) {
    return client_->wait_for(pred, kWait);
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

  // Waits until the client has handed at least `n` dispatches to the application.
  bool wait_seen(std::size_t n) {
    std::unique_lock lock(mu_);
    return seen_cv_.wait_for(lock, kWait, [&] { return seen_.size() >= n; });
  }

  std::vector<fake::GatewayFrameRecord> inbound(int op) {
    std::vector<fake::GatewayFrameRecord> out;
    for (auto& f : fake_.frames()) {
      if (f.inbound && f.op == op) out.push_back(f);
    }
    return out;
  }

  std::int64_t interval() const { return fake_.config().heartbeat_interval_ms; }

  // Waits until the client has processed every ACK the fake sent.
  bool acks_processed() {
    std::size_t sent = 0;
    for (auto& f : fake_.frames()) sent += (!f.inbound && f.op == 11) ? 1 : 0;
    return wait_client([sent](const GatewaySnapshot& s) { return s.stats.acks >= sent; });
  }

  fake::FakeDiscord fake_;
  std::unique_ptr<GatewayClient> client_;
  std::mutex mu_;
  std::condition_variable seen_cv_;
  std::vector<Seen> seen_;
};

TEST_F(GatewayConformance, IdentifiesWithIntentsAndStoresTheReadySession) {
  connect_ready();
  ASSERT_EQ(fake_.identify_count(), 1U);
  const auto identify = inbound(2);
  ASSERT_EQ(identify.size(), 1U);
  EXPECT_NE(identify[0].text.find(R"("intents":37377)"), std::string::npos);
  EXPECT_NE(identify[0].text.find(R"("properties":{"os":"linux")"), std::string::npos);
  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_EQ(conns[0].target, "/?v=10&encoding=json");
  const auto snap = client_->snapshot();
  EXPECT_FALSE(snap.session_id.empty());
  EXPECT_EQ(snap.resume_url, "ws://127.0.0.1:" + std::to_string(fake_.resume_port()));
  EXPECT_EQ(snap.user_id, fake_.config().bot_user_id);
  EXPECT_EQ(snap.application_id, fake_.config().application_id);
  ASSERT_TRUE(wait_seen(2));
  EXPECT_EQ(seen()[0].name, "READY");
  EXPECT_EQ(seen()[0].seq, 1);
  EXPECT_EQ(seen()[1].name, "GUILD_CREATE");
  // The snapshot is published after the handler ran: wait for it rather than race it.
  EXPECT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.seq == 2; }));
}

TEST_F(GatewayConformance, HeartbeatsEveryIntervalWithTheLastSequenceAndGetAcked) {
  connect_ready();
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.seq == 2; }));
  client_->advance(milliseconds(interval()));  // the jittered first heartbeat falls in here
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(1).size() == 1; }, kWait));
  EXPECT_EQ(inbound(1)[0].text, R"({"op":1,"d":2})");
  const auto snap = client_->snapshot();
  EXPECT_GE(snap.stats.first_heartbeat_delay_ms, 0);
  EXPECT_LT(snap.stats.first_heartbeat_delay_ms, interval());
  for (std::size_t i = 1; i <= 3; ++i) {
    // The fake answers a heartbeat in the same step it records it; the client must have read
    // that ACK before the next heartbeat falls due, or it would rightly call it a zombie.
    ASSERT_TRUE(fake_.wait_for([&] { return inbound(1).size() == i; }, kWait));
    ASSERT_TRUE(acks_processed());
    client_->advance(milliseconds(interval()));
  }
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(1).size() == 4; }, kWait));
  EXPECT_EQ(client_->snapshot().stats.zombies, 0U);
  EXPECT_EQ(fake_.connections().size(), 1U);
}

TEST_F(GatewayConformance, ZombieConnectionResumesOnResumeUrlAndGetsMissedEventsReplayed) {
  connect_ready();
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.seq == 2; }));
  fake_.withhold_heartbeat_acks(true);
  fake_.pause_dispatch();  // the connection is a zombie: events stop arriving
  for (int i = 0; i < 3; ++i)
    fake_.inject_message("1100000000000000010", "1000000000000000007",
                         "hello " + std::to_string(i));
  client_->advance(milliseconds(interval()));  // heartbeat, never ACKed
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(1).size() == 1; }, kWait));
  client_->advance(milliseconds(interval()));  // next one due, still no ACK: zombie
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 1 && s.ready; }));
  fake_.resume_dispatch();

  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 2U);
  EXPECT_TRUE(conns[0].closed_by_client);
  ASSERT_TRUE(conns[0].close_code.has_value());
  EXPECT_NE(*conns[0].close_code, 1000);
  EXPECT_NE(*conns[0].close_code, 1001);
  EXPECT_TRUE(conns[1].resume_listener);  // resume_gateway_url, not the original URL
  EXPECT_EQ(conns[1].target, "/?v=10&encoding=json");
  const auto resume = inbound(6);
  ASSERT_EQ(resume.size(), 1U);
  EXPECT_NE(resume[0].text.find(R"("seq":2)"), std::string::npos);
  EXPECT_EQ(fake_.identify_count(), 1U);

  ASSERT_TRUE(wait_seen(6));
  const auto s = seen();
  ASSERT_EQ(s.size(), 6U) << "no duplicates";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s[2 + i].name, "MESSAGE_CREATE");
    EXPECT_EQ(s[2 + i].seq, 3 + i) << "replayed with the original sequence";
  }
  EXPECT_EQ(s[5].name, "RESUMED");
  EXPECT_EQ(client_->snapshot().stats.zombies, 1U);
}

TEST_F(GatewayConformance, ReconnectOpcodeResumes) {
  connect_ready();
  fake_.send_reconnect();
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 1 && s.ready; }));
  EXPECT_EQ(fake_.identify_count(), 1U);
  EXPECT_EQ(fake_.resume_count(), 1U);
  EXPECT_TRUE(fake_.connections().back().resume_listener);
}

TEST_F(GatewayConformance, DroppedConnectionAndServerCloses4000And1000Resume) {
  connect_ready();
  fake_.drop_connection();
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 1 && s.ready; }));
  fake_.close_connection(4000, "Unknown error");
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 2 && s.ready; }));
  fake_.close_connection(1000);  // seen after heartbeat trouble: reconnectable, not fatal
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 3 && s.ready; }));
  EXPECT_FALSE(client_->snapshot().stopped);
  EXPECT_EQ(fake_.identify_count(), 1U);
}

TEST_F(GatewayConformance, ResumableInvalidSessionResumes) {
  connect_ready();
  fake_.invalidate_session(true);
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return s.stats.resumes == 1 && s.ready; }));
  EXPECT_EQ(fake_.identify_count(), 1U);
}

TEST_F(GatewayConformance, NonResumableInvalidSessionIdentifiesAfterOneToFiveSeconds) {
  connect_ready();
  fake_.invalidate_session(false);
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return !s.connected && !s.ready; }));
  client_->advance(milliseconds(999));  // not before 1 s
  EXPECT_EQ(client_->snapshot().connects, 1U);
  client_->advance(milliseconds(4001));  // at most 5 s
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.ready; }));
  EXPECT_EQ(fake_.identify_count(), 2U);
  EXPECT_EQ(fake_.resume_count(), 0U);
  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 2U);
  EXPECT_FALSE(conns[1].resume_listener) << "a new session starts on the original URL";
}

TEST_F(GatewayConformance, ReconnectStormResumesEveryTimeAndIdentifiesOnce) {
  connect_ready();
  for (std::size_t i = 1; i <= 20; ++i) {
    fake_.drop_connection();
    ASSERT_TRUE(wait_client([i](const GatewaySnapshot& s) {
      return s.stats.resumes == i && s.ready;
    })) << "drop "
        << i;
  }
  EXPECT_EQ(fake_.identify_count(), 1U);
  EXPECT_EQ(fake_.resume_count(), 20U);
}

TEST_F(GatewayConformance, ServerHeartbeatRequestIsAnsweredAtOnce) {
  connect_ready();
  const std::size_t before = inbound(1).size();
  fake_.request_heartbeat();  // no client time passes
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(1).size() == before + 1; }, kWait));
}

TEST_F(GatewayConformance, MalformedFramesAndUnknownEventsAreIgnored) {
  connect_ready();
  fake_.send_raw_frame("this is not json {");
  fake_.send_raw_frame(R"({"op":99,"d":{"future":true}})");
  fake_.dispatch_raw("SOME_FUTURE_EVENT", R"({"x":[1,2,3]})");
  fake_.inject_message("1100000000000000010", "1000000000000000007", "still here");
  ASSERT_TRUE(wait_seen(4));
  EXPECT_EQ(seen()[2].name, "SOME_FUTURE_EVENT");
  EXPECT_EQ(seen()[3].name, "MESSAGE_CREATE");
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.seq == 4; }));
  const auto snap = client_->snapshot();
  EXPECT_EQ(snap.stats.malformed_frames, 1U);
  EXPECT_EQ(snap.stats.unknown_ops, 1U);
  EXPECT_EQ(snap.seq, 4);
  EXPECT_EQ(snap.connects, 1U);
  EXPECT_TRUE(snap.ready);
}

TEST_F(GatewayConformance, FloodOfPayloadsStaysUnderTheSendLimit) {
  connect_ready();
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(
        client_
            ->send_payload(
                R"({"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}})")
            .ok());
  }
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(3).size() >= 100; }, kWait));
  EXPECT_LE(inbound(3).size() + inbound(2).size() + inbound(1).size(), 120U);
  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_FALSE(conns[0].close_code.has_value()) << "never closed with 4008";
  const auto big = client_->send_payload(std::string(5000, ' '));
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message().find("4096"), std::string::npos);
}

TEST_F(GatewayConformance, BadTokenIsFatalWithAClearErrorAndNoReconnectLoop) {
  make_client("wrong-token");
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.stopped; }));
  const auto snap = client_->snapshot();
  EXPECT_NE(snap.fatal_error.find("4004"), std::string::npos);
  EXPECT_NE(snap.fatal_error.find("token"), std::string::npos);
  client_->advance(std::chrono::minutes(10));
  EXPECT_EQ(client_->snapshot().connects, 1U);
  EXPECT_EQ(fake_.connections().size(), 1U);
}

TEST_F(GatewayConformance, NewSessionCloseCodesIdentifyAgainOnTheOriginalUrl) {
  connect_ready();
  std::size_t identifies = 1;
  // 4003 not authenticated, 4007 invalid seq, 4009 session timed out: the session is gone.
  for (const int code : {4003, 4007, 4009}) {
    fake_.close_connection(static_cast<std::uint16_t>(code));
    ++identifies;
    ASSERT_TRUE(fake_.wait_for([&] { return fake_.identify_count() == identifies; }, kWait) ||
                (client_->advance(milliseconds(5000)),
                 fake_.wait_for([&] { return fake_.identify_count() == identifies; }, kWait)))
        << code;
    ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.ready; })) << code;
    EXPECT_FALSE(fake_.connections().back().resume_listener) << code;
  }
  EXPECT_EQ(fake_.resume_count(), 0U);
  EXPECT_FALSE(client_->snapshot().stopped);
}

// Every close code the reference calls fatal stops the client with an error naming it, and it
// never connects again however long it waits.
TEST(GatewayFatalCloseCodes, StopWithAClearErrorAndNeverReconnect) {
  const std::vector<std::pair<std::uint16_t, std::string>> fatal = {
      {4010, "shard"}, {4011, "shard"}, {4012, "version"}, {4013, "intent"}};
  for (const auto& [code, word] : fatal) {
    fake::FakeDiscord fake;
    GatewayClientOptions o;
    o.session.token = "fake-bot-token";
    o.session.intents = kAllIntents;
    o.time = TimeMode::kManual;
    GatewayClient client(o, nullptr);
    client.start(fake.gateway_url());
    ASSERT_TRUE(client.wait_for([](const GatewaySnapshot& s) { return s.ready; }, kWait)) << code;
    fake.close_connection(code);
    ASSERT_TRUE(client.wait_for([](const GatewaySnapshot& s) { return s.stopped; }, kWait)) << code;
    const auto snap = client.snapshot();
    EXPECT_NE(snap.fatal_error.find(std::to_string(code)), std::string::npos) << snap.fatal_error;
    std::string lower = snap.fatal_error;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_NE(lower.find(word), std::string::npos) << snap.fatal_error;
    client.advance(std::chrono::minutes(10));
    EXPECT_EQ(client.snapshot().connects, 1U) << code;
    EXPECT_EQ(fake.connections().size(), 1U) << code;
    client.stop();
  }
}

TEST_F(GatewayConformance, OversizedPayloadIsRefusedBeforeItReachesTheGateway) {
  connect_ready();
  const std::string big = R"({"op":3,"d":{"since":null,"activities":[{"name":")" +
                          std::string(4100, 'x') +
                          R"(","type":0}],"status":"online","afk":false}})";
  const auto refused = client_->send_payload(big);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("4096"), std::string::npos) << refused.error().message();
  // A normal one still goes out on the same connection: the big one never did (no 4002).
  ASSERT_TRUE(client_
                  ->send_payload(
                      R"({"op":3,"d":{"since":null,"activities":[],"status":"idle","afk":false}})")
                  .ok());
  ASSERT_TRUE(fake_.wait_for([&] { return inbound(3).size() == 1; }, kWait));
  EXPECT_LT(inbound(3)[0].text.size(), 4096U);
  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 1U);
  EXPECT_FALSE(conns[0].close_code.has_value());
}

class GatewayNoPrivileged : public GatewayConformance {
 protected:
  static fake::FakeDiscordConfig config() {
    fake::FakeDiscordConfig c;
    c.enabled_privileged_intents = 0;
    return c;
  }
  GatewayNoPrivileged() : GatewayConformance(config()) {}
};

TEST_F(GatewayNoPrivileged, DisallowedIntentIsFatalAndNamesThePortalToggle) {
  make_client("fake-bot-token", kAllIntents);
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.stopped; }));
  const auto snap = client_->snapshot();
  EXPECT_NE(snap.fatal_error.find("4014"), std::string::npos);
  EXPECT_NE(snap.fatal_error.find("Developer Portal"), std::string::npos);
  client_->advance(std::chrono::minutes(10));
  EXPECT_EQ(fake_.connections().size(), 1U);
}

TEST_F(GatewayNoPrivileged, WithoutMessageContentGuildMessagesArriveBlank) {
  make_client("fake-bot-token", kIntentGuilds | kIntentGuildMessages | kIntentDirectMessages);
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.ready; }));
  fake_.inject_message("1100000000000000010", "1000000000000000007", "!price BTC/USDT");
  ASSERT_TRUE(wait_seen(3));
  bool blank = false;
  for (auto& f : fake_.frames()) {
    if (!f.inbound && f.t == "MESSAGE_CREATE")
      blank = f.text.find(R"("content":"")") != std::string::npos;
  }
  EXPECT_TRUE(blank);
}

class GatewayShortSessions : public GatewayConformance {
 protected:
  static fake::FakeDiscordConfig config() {
    fake::FakeDiscordConfig c;
    c.session_ttl_ms = -1;  // every detached session is already expired
    return c;
  }
  GatewayShortSessions() : GatewayConformance(config()) {}
};

TEST_F(GatewayShortSessions, ResumeAfterExpiryGetsInvalidSessionThenIdentifiesOnOriginalUrl) {
  connect_ready();
  fake_.drop_connection();
  ASSERT_TRUE(fake_.wait_for([&] { return !inbound(6).empty(); }, kWait));  // tries to resume
  ASSERT_TRUE(
      wait_client([](const GatewaySnapshot& s) { return !s.connected && s.session_id.empty(); }));
  client_->advance(milliseconds(5000));
  ASSERT_TRUE(wait_client([](const GatewaySnapshot& s) { return s.ready; }));
  EXPECT_EQ(fake_.identify_count(), 2U);
  const auto conns = fake_.connections();
  ASSERT_EQ(conns.size(), 3U);
  EXPECT_TRUE(conns[1].resume_listener);
  EXPECT_FALSE(conns[2].resume_listener);
  EXPECT_TRUE(conns[2].identified);
}

}  // namespace
}  // namespace omega::chat::discord
