// Tests notification routing: levels per user and event, de-duplication, cooldowns on a stepped
// clock, and the channel mention when a direct message fails.
#include "chat/notification_router.hpp"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace omega::chat {
namespace {

using std::chrono::seconds;

struct FakeSink final : NotificationSink {
  Status send_direct(std::string_view user, std::string_view text, bool silent) override {
    if (closed_dms.count(std::string(user)) != 0) {
      return Error(ErrorCode::kUnavailable, "DMs closed");
    }
    sent.push_back("dm " + std::string(user) + (silent ? " (silent) " : " ") + std::string(text));
    return ok_status();
  }
  Status send_channel(std::string_view channel, std::string_view user, std::string_view text,
                      bool silent) override {
    sent.push_back("#" + std::string(channel) + " @" + std::string(user) +
                   (silent ? " (silent) " : " ") + std::string(text));
    return ok_status();
  }
  std::set<std::string> closed_dms;
  std::vector<std::string> sent;
};

struct Fixture {
  Timestamp now = Timestamp::from_ns(1'700'000'000'000'000'000);
  FakeSink sink;
  NotificationRouter router{[this] { return now; }, sink, "alerts", seconds(60), seconds(5)};
  void advance(Duration d) { now = Timestamp::from_ns(now.ns() + d.count()); }
};

TEST(NotificationRouter, DeliversByLevel) {
  Fixture f;
  f.router.subscribe("ana", NotifyEvent::kFill, NotifyLevel::kOn);
  f.router.subscribe("bob", NotifyEvent::kFill, NotifyLevel::kSilent);
  f.router.subscribe("cyd", NotifyEvent::kFill, NotifyLevel::kOff);
  f.router.subscribe("dan", NotifyEvent::kSignal, NotifyLevel::kOn);
  const RouteStats s = f.router.publish({NotifyEvent::kFill, "order-1", "filled 0.1 BTC"});
  EXPECT_EQ(s.direct, 2u);
  EXPECT_EQ(f.sink.sent,
            (std::vector<std::string>{"dm ana filled 0.1 BTC", "dm bob (silent) filled 0.1 BTC"}));
  EXPECT_EQ(std::string(to_string(NotifyEvent::kDenial)), "denials");
}

TEST(NotificationRouter, DeduplicatesWithinTheWindow) {
  Fixture f;
  f.router.subscribe("ana", NotifyEvent::kStop, NotifyLevel::kOn);
  EXPECT_EQ(f.router.publish({NotifyEvent::kStop, "pos-7", "stop hit"}).direct, 1u);
  f.advance(seconds(10));  // past the cooldown, inside the de-duplication window
  EXPECT_EQ(f.router.publish({NotifyEvent::kStop, "pos-7", "stop hit"}).duplicates, 1u);
  EXPECT_EQ(f.router.publish({NotifyEvent::kStop, "pos-8", "stop hit"}).direct, 1u);
  f.advance(seconds(60));
  EXPECT_EQ(f.router.publish({NotifyEvent::kStop, "pos-7", "stop hit"}).direct, 1u);
}

TEST(NotificationRouter, CoolsDownPerUserAndType) {
  Fixture f;
  f.router.subscribe("ana", NotifyEvent::kSignal, NotifyLevel::kOn);
  f.router.subscribe("ana", NotifyEvent::kRisk, NotifyLevel::kOn);
  EXPECT_EQ(f.router.publish({NotifyEvent::kSignal, "s1", "long BTC"}).direct, 1u);
  EXPECT_EQ(f.router.publish({NotifyEvent::kSignal, "s2", "short ETH"}).cooled_down, 1u);
  EXPECT_EQ(f.router.publish({NotifyEvent::kRisk, "r1", "exposure 80%"}).direct, 1u);
  f.advance(seconds(4));
  EXPECT_EQ(f.router.publish({NotifyEvent::kSignal, "s3", "x"}).cooled_down, 1u);
  f.advance(seconds(1));
  EXPECT_EQ(f.router.publish({NotifyEvent::kSignal, "s3", "x"}).direct, 1u);
}

TEST(NotificationRouter, FallsBackToAChannelMentionWhenDmsAreClosed) {
  Fixture f;
  f.sink.closed_dms.insert("bob");
  f.router.subscribe("bob", NotifyEvent::kFault, NotifyLevel::kOn);
  const RouteStats s = f.router.publish({NotifyEvent::kFault, "bot-3", "bot 3 stopped"});
  EXPECT_EQ(s.fallback, 1u);
  EXPECT_EQ(f.sink.sent, (std::vector<std::string>{"#alerts @bob bot 3 stopped"}));
}

}  // namespace
}  // namespace omega::chat
