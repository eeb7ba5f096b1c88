// Unit tests of the gateway protocol state machine (no sockets): jitter, zombie detection,
// close-code classification, the send limit and the payload cap. The socket-level conformance
// tests against the fake Discord are in tests/discord_gateway_test.cpp.
#include "chat/discord/client/gateway_session.hpp"

#include <set>

#include <gtest/gtest.h>

namespace omega::chat::discord {
namespace {

using Kind = GatewayAction::Kind;

constexpr std::string_view kHello =
    R"({"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250}})";
constexpr std::string_view kReady =
    R"({"t":"READY","s":1,"op":0,"d":{"v":10,"session_id":"abc","resume_gateway_url":"ws://r:1","user":{"id":"7","bot":true},"application":{"id":"9","flags":0},"unknown_extra":[1,2]}})";

std::size_t count(const std::vector<GatewayAction>& actions, Kind kind) {
  std::size_t n = 0;
  for (const auto& a : actions) n += a.kind == kind ? 1 : 0;
  return n;
}

struct Harness {
  explicit Harness(std::uint64_t seed = 1)
      : session(config(seed), [this](const GatewayDispatch& d) { names.emplace_back(d.name); }) {}
  static GatewaySessionConfig config(std::uint64_t seed) {
    GatewaySessionConfig c;
    c.token = "tok";
    c.seed = seed;
    return c;
  }
  // Connects, says Hello and READY at time 0.
  void ready() {
    auto a = session.start("ws://g", 0);
    ASSERT_EQ(a.size(), 1U);
    EXPECT_EQ(a[0].kind, Kind::kConnect);
    EXPECT_EQ(a[0].text, "ws://g/?v=10&encoding=json");
    session.on_open(0);
    auto h = session.on_frame(kHello, 0);
    ASSERT_GE(h.size(), 1U);
    EXPECT_NE(h[0].text.find(R"("op":2)"), std::string::npos);
    session.on_frame(kReady, 0);
    ASSERT_TRUE(session.ready());
  }
  GatewaySession session;
  std::vector<std::string> names;
};

TEST(GatewaySession, FirstHeartbeatIsJitteredWithinTheInterval) {
  std::set<std::int64_t> delays;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    Harness h(seed);
    h.ready();
    const auto at = h.session.next_deadline_ms();
    ASSERT_TRUE(at.has_value());
    EXPECT_GE(*at, 0);
    EXPECT_LT(*at, 41250);
    delays.insert(*at);
  }
  EXPECT_GE(delays.size(), 6U) << "the first heartbeat must be jittered";
}

TEST(GatewaySession, HeartbeatCarriesLastSequenceAndZombieClosesWith4000) {
  Harness h;
  h.ready();
  auto a = h.session.on_tick(41250);
  ASSERT_EQ(count(a, Kind::kSend), 1U);
  EXPECT_EQ(a[0].text, R"({"op":1,"d":1})");
  h.session.on_frame(R"({"t":null,"s":null,"op":11,"d":null})", 41300);
  a = h.session.on_tick(2 * 41250);
  ASSERT_EQ(count(a, Kind::kSend), 1U);  // ACKed: a normal heartbeat
  a = h.session.on_tick(3 * 41250);      // no ACK since the last one: zombie
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0].kind, Kind::kClose);
  EXPECT_EQ(a[0].code, 4000);
  a = h.session.on_closed(std::nullopt, 3 * 41250);
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0].text, "ws://r:1/?v=10&encoding=json");  // resume_gateway_url + query
  h.session.on_open(3 * 41250);
  a = h.session.on_frame(kHello, 3 * 41250);
  EXPECT_NE(a[0].text.find(R"("op":6)"), std::string::npos);
  EXPECT_NE(a[0].text.find(R"("seq":1)"), std::string::npos);
  EXPECT_EQ(h.session.stats().zombies, 1U);
}

TEST(GatewaySession, CloseCodesFollowTheReferenceTable) {
  EXPECT_EQ(classify_close(std::nullopt), CloseAction::kResume);
  for (int c : {4000, 4001, 4002, 4005, 4008, 1000, 1001, 1006}) {
    EXPECT_EQ(classify_close(static_cast<std::uint16_t>(c)), CloseAction::kResume) << c;
  }
  for (int c : {4003, 4007, 4009})
    EXPECT_EQ(classify_close(static_cast<std::uint16_t>(c)), CloseAction::kIdentify) << c;
  for (int c : {4004, 4010, 4011, 4012, 4013, 4014}) {
    EXPECT_EQ(classify_close(static_cast<std::uint16_t>(c)), CloseAction::kFatal) << c;
  }
  Harness h;
  h.ready();
  auto a = h.session.on_closed(4004, 10);
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0].kind, Kind::kFatal);
  EXPECT_NE(h.session.fatal_error().find("token"), std::string::npos);
  EXPECT_TRUE(h.session.on_tick(1'000'000).empty());  // never reconnects after a fatal code
}

TEST(GatewaySession, SendLimitLeavesRoomForHeartbeatsAndPayloadsAreCapped) {
  Harness h;
  h.ready();
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(h.session.queue_payload(R"({"op":3,"d":{}})").ok());
  auto a = h.session.on_tick(1);
  // Identify was one frame in this window: 110 - 1 application frames may go.
  EXPECT_EQ(count(a, Kind::kSend), 109U);
  EXPECT_LE(h.session.stats().frames_sent, 120U);
  a = h.session.on_tick(60'001);
  EXPECT_GE(count(a, Kind::kSend), 90U);
  EXPECT_FALSE(h.session.queue_payload(std::string(5000, 'x')).ok());
}

TEST(GatewaySession, MalformedFramesAndUnknownOpsAreIgnored) {
  Harness h;
  h.ready();
  EXPECT_TRUE(h.session.on_frame("not json", 5).empty());
  EXPECT_TRUE(h.session.on_frame(R"({"d":1})", 5).empty());
  EXPECT_TRUE(h.session.on_frame(R"({"op":99,"d":null})", 5).empty());
  h.session.on_frame(R"({"op":0,"t":"BRAND_NEW_EVENT","s":2,"d":{"x":1}})", 5);
  EXPECT_TRUE(h.session.ready());
  EXPECT_EQ(h.session.stats().malformed_frames, 2U);
  EXPECT_EQ(h.session.stats().unknown_ops, 1U);
  EXPECT_EQ(h.session.sequence(), 2);
  EXPECT_EQ(h.names.back(), "BRAND_NEW_EVENT");
}

}  // namespace
}  // namespace omega::chat::discord
