// REST conformance tests: the real RestClient against the fake Discord over HTTP on loopback:
// 429 retry_after honoured (no request early), the global limit, proactive waits on
// Remaining: 0, keep-alive reuse, a 401 stopping the client, and timeouts.
#include <future>
#include <string>

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat/discord/client/rate_limits.hpp"
#include "chat/discord/client/rest_client.hpp"
#include "chat/discord/fake/fake_discord.hpp"

namespace omega::chat::discord {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kWait{10'000};
const std::string kChannel = "1100000000000000010";

RestOptions options(const fake::FakeDiscord& fake, std::string token = "fake-bot-token") {
  RestOptions o;
  o.api_base = fake.api_base();
  o.token = std::move(token);
  return o;
}

RestRequest post_message(const std::string& content) {
  RestRequest r;
  r.method = "POST";
  r.path = "/channels/" + kChannel + "/messages";
  r.body = R"({"content":")" + content + R"("})";
  return r;
}

RestRequest get(const std::string& path) {
  RestRequest r;
  r.path = path;
  return r;
}

std::vector<fake::RestCall> calls_to(const fake::FakeDiscord& fake, const std::string& path) {
  std::vector<fake::RestCall> out;
  for (auto& c : fake.rest_calls()) {
    if (c.path == path) out.push_back(c);
  }
  return out;
}

TEST(DiscordRateLimits, RouteKeysSplitByMajorParameterAndExemptInteractions) {
  const auto a = route_key("POST", "/channels/1/messages");
  const auto b = route_key("POST", "/channels/2/messages");
  EXPECT_EQ(a.route, b.route);
  EXPECT_EQ(a.route, "POST /channels/{id}/messages");
  EXPECT_NE(a.major, b.major);
  EXPECT_FALSE(a.global_exempt);
  EXPECT_TRUE(route_key("POST", "/interactions/5/tok/callback").global_exempt);
  const auto w = route_key("PATCH", "/webhooks/9/tok/messages/@original");
  EXPECT_TRUE(w.global_exempt);
  EXPECT_EQ(w.route, "PATCH /webhooks/{id}/{token}/messages/@original");
  EXPECT_EQ(w.major, "9+tok");
}

TEST(DiscordRest, ScriptedRouteRateLimitIsWaitedOutNeverEarly) {
  fake::FakeDiscord fake;
  fake.script_429({"POST", "/channels/", 0.3, false, 1});
  RestClient rest(options(fake));
  auto res = rest.send(post_message("hello"));
  ASSERT_TRUE(res.ok()) << res.error().to_string();
  EXPECT_EQ(res->status, 200);
  const auto calls = calls_to(fake, "/channels/" + kChannel + "/messages");
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0].status, 429);
  EXPECT_EQ(calls[1].status, 200);
  EXPECT_GE(calls[1].t_ms - calls[0].t_ms, 300) << "retried before retry_after";
  EXPECT_EQ(fake.early_requests(), 0U);
  EXPECT_EQ(rest.stats().rate_limited, 1U);
  EXPECT_EQ(fake.messages().size(), 1U) << "sent exactly once";
}

TEST(DiscordRest, GlobalRateLimitPausesOtherRequestsButNotInteractions) {
  fake::FakeDiscord fake;
  fake.script_429({"GET", "/users/@me", 0.4, true, 1});
  std::promise<void> limited_seen;
  auto limited_future = limited_seen.get_future();
  RestOptions o = options(fake);
  bool once = false;
  o.observer = [&](const std::string&, int status) {
    if (status == 429 && !once) {
      once = true;
      limited_seen.set_value();
    }
  };
  RestClient rest(o);
  auto first = std::async(std::launch::async, [&] { return rest.send(get("/users/@me")); });
  ASSERT_EQ(limited_future.wait_for(kWait), std::future_status::ready);
  // Sent while the global limit is in force: must wait for it.
  auto second = rest.send(get("/applications/@me"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, 200);
  ASSERT_TRUE(first.get().ok());
  const auto limited = calls_to(fake, "/users/@me");
  const auto other = calls_to(fake, "/applications/@me");
  ASSERT_EQ(limited.size(), 2U);
  ASSERT_EQ(other.size(), 1U);
  EXPECT_GE(other[0].t_ms - limited[0].t_ms, 400);
  EXPECT_EQ(fake.early_requests(), 0U);
}

TEST(DiscordRest, RemainingZeroWaitsForTheResetWithoutA429) {
  fake::FakeDiscordConfig config;
  config.message_bucket_limit = 2;
  config.message_bucket_window_ms = 400;
  fake::FakeDiscord fake(config);
  RestClient rest(options(fake));
  for (int i = 0; i < 3; ++i) {
    auto res = rest.send(post_message("m" + std::to_string(i)));
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->status, 200);
  }
  const auto calls = calls_to(fake, "/channels/" + kChannel + "/messages");
  ASSERT_EQ(calls.size(), 3U);
  EXPECT_GE(calls[2].t_ms - calls[0].t_ms, 400);
  EXPECT_EQ(rest.stats().rate_limited, 0U);
  EXPECT_EQ(fake.invalid_requests(), 0U);
  EXPECT_GE(rest.stats().waits, 1U);
}

TEST(DiscordRest, KeepAliveReusesOneConnectionAndSendsTheHeaders) {
  fake::FakeDiscord fake;
  RestClient rest(options(fake));
  for (int i = 0; i < 5; ++i) ASSERT_EQ(rest.send(get("/users/@me"))->status, 200);
  EXPECT_EQ(rest.stats().connections_opened, 1U);
  const auto calls = fake.rest_calls();
  ASSERT_EQ(calls.size(), 5U);
  EXPECT_EQ(calls[0].authorization, "Bot ***oken");
  EXPECT_EQ(calls[0].user_agent.rfind("DiscordBot (", 0), 0U);
}

TEST(DiscordRest, UnauthorizedStopsTheClientFromHammering) {
  fake::FakeDiscord fake;
  RestClient rest(options(fake, "wrong-token"));
  auto first = rest.send(get("/users/@me"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, 401);
  for (int i = 0; i < 5; ++i) {
    auto again = rest.send(get("/users/@me"));
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().message().find("401"), std::string::npos);
  }
  EXPECT_EQ(fake.rest_calls().size(), 1U);
  EXPECT_EQ(fake.invalid_requests(), 1U);
}

TEST(DiscordRest, InvalidRequestBudgetStopsSendingBeforeDiscordWouldBan) {
  // A channel the bot may not post in: every post is 403 50013, which Discord counts toward the
  // invalid-request limit (10 000 per 10 minutes, then a Cloudflare ban).
  fake::FakeDiscordConfig config;
  config.channels.push_back({"1100000000000000012", "read-only", false});
  fake::FakeDiscord fake(config);
  RestOptions o = options(fake);
  o.invalid_request_budget = 3;
  RestClient rest(o);
  RestRequest r = post_message("hello");
  r.path = "/channels/1100000000000000012/messages";
  for (int i = 0; i < 3; ++i) {
    auto res = rest.send(r);
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(res->code, 50013);
  }
  for (int i = 0; i < 3; ++i) {
    auto res = rest.send(r);
    ASSERT_FALSE(res.ok());
    EXPECT_NE(res.error().message().find("3 invalid requests"), std::string::npos)
        << res.error().message();
  }
  // Other routes are refused too: the limit is per IP, not per route.
  EXPECT_FALSE(rest.send(get("/users/@me")).ok());
  EXPECT_EQ(fake.rest_calls().size(), 3U);
  EXPECT_EQ(fake.invalid_requests(), 3U);
  EXPECT_EQ(rest.stats().invalid, 3U);
}

TEST(DiscordRest, ASilentServerTimesOutAndAPostIsNotRetried) {
  // A listening socket that never answers: the kernel accepts the connection, nobody reads.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  RestOptions o;
  o.api_base = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/api/v10";
  o.token = "fake-bot-token";
  o.timeout = milliseconds(200);
  RestClient rest(o);
  auto res = rest.send(post_message("x"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code(), ErrorCode::kTimeout);
  EXPECT_EQ(rest.stats().requests, 1U) << "a POST is not retried";
  ::close(fd);
}

// Multipart as Discord reads it (RFC 7578): a quoted boundary, a preamble, header names in
// any case; payload_json's attachments must name uploaded files; a file over 10 MiB is 413.
RestRequest multipart(const std::string& boundary_param, const std::string& body) {
  RestRequest r;
  r.method = "POST";
  r.path = "/channels/" + kChannel + "/messages";
  r.content_type = "multipart/form-data; boundary=" + boundary_param;
  r.body = body;
  return r;
}

TEST(DiscordFakeMultipart, ParsesFormsAsDiscordDoesAndKeepsTheFileBytes) {
  fake::FakeDiscord fake;
  RestClient client(options(fake));
  const std::string bytes("\x89PNG\r\n\x1a\n\0\r\n--not-the-boundary", 28);
  const std::string ok =
      "preamble to ignore\r\n"
      "--b0\r\n"
      "content-disposition: form-data; name=\"payload_json\"\r\n"
      "content-type: application/json\r\n\r\n"
      R"({"content":"chart","attachments":[{"id":0,"filename":"c.png","description":"BTC 1h"}]})"
      "\r\n--b0\r\n"
      "CONTENT-DISPOSITION: form-data; name=\"files[0]\"; filename=\"c.png\"\r\n"
      "Content-Type: image/png\r\n\r\n" +
      bytes + "\r\n--b0--\r\nepilogue";
  auto res = client.send(multipart("\"b0\"", ok));
  ASSERT_TRUE(res.ok()) << res.error().to_string();
  EXPECT_EQ(res->status, 200) << res->body;
  const auto msgs = fake.messages();
  ASSERT_EQ(msgs.size(), 1U);
  ASSERT_EQ(msgs[0].uploads.size(), 1U);
  EXPECT_EQ(msgs[0].uploads[0].bytes, bytes) << "bytes kept verbatim, CRLFs and all";
  EXPECT_EQ(msgs[0].uploads[0].filename, "c.png");
  EXPECT_EQ(msgs[0].uploads[0].description, "BTC 1h");

  // An attachment that names files[1] when only files[0] came: refused, nothing created.
  std::string missing = ok;
  missing.replace(missing.find(R"("id":0)"), 6, R"("id":1)");
  res = client.send(multipart("b0", missing));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->code, 50035);
  // A part that is not form-data, and a body without its close delimiter: malformed.
  std::string not_form = ok;
  not_form.replace(not_form.find("form-data; name=\"files"), 9, "attachment");
  res = client.send(multipart("b0", not_form));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400);
  res = client.send(multipart("b0", ok.substr(0, ok.find("--b0--"))));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 400);
  // Over Discord's 10 MiB per file.
  std::string big = ok;
  big.replace(big.find(bytes), bytes.size(), std::string(10U * 1024U * 1024U + 1U, 'x'));
  res = client.send(multipart("b0", big));
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->code, 40005);
  EXPECT_EQ(fake.messages().size(), 1U);
}

}  // namespace
}  // namespace omega::chat::discord
