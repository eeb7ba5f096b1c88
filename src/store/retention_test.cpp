// Retention on both backends: trim_logs (event streams, signals, audit log by age and by
// length, XTRIM semantics), apply_retention for a policy, the timer's and the scheduler's
// passes and the `store.retention` configuration.
#include "store/retention.hpp"

#include <future>
#include <memory>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

using namespace std::chrono_literals;

Symbol sym(std::string_view s) {
  return Symbol::parse(s).value();
}

SignalRecord signal(int n, Timestamp ts) {
  return SignalRecord{BotId("bot-1"), sym("ETH/USDT"), "fib_retracement",
                      fmt::format(R"({{"n":{}}})", n), ts};
}

AuditEntry audit(int n, Timestamp ts) {
  return AuditEntry{ts, "user:1", "settings.set", fmt::format("target {}", n), "ok"};
}

class RetentionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto s = testing::open_test_store(GetParam(), dir_.path(), redis_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (!*s) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    for (const RedisOptions& r : redis_) EXPECT_TRUE(testing::delete_prefix(r).ok());
  }

  testing::TempDir dir_;
  std::vector<RedisOptions> redis_;
  std::unique_ptr<Store> store_;
};

const Timestamp kT0 = Timestamp::from_s(1'700'000'000);

TEST_P(RetentionTest, SignalsAndAuditTrimByTheirTimeFromTheOldestEnd) {
  // Times 0, 10, 20, 5 (out of order), 30, 40 minutes after kT0.
  const int minutes[] = {0, 10, 20, 5, 30, 40};
  for (int n = 0; n < 6; ++n) {
    ASSERT_TRUE(store_->append_signal(signal(n, kT0 + std::chrono::minutes(minutes[n]))).ok());
    ASSERT_TRUE(store_->append_audit(audit(n, kT0 + std::chrono::minutes(minutes[n]))).ok());
  }
  // Before 15 min: entries 0 and 1 go; entry 3 (5 min) stays, it is after the first kept one.
  LogRetention r;
  r.signals.before = kT0 + 15min;
  r.audit.before = kT0 + 15min;
  auto trimmed = store_->trim_logs(r);
  ASSERT_TRUE(trimmed.ok()) << trimmed.error().to_string();
  EXPECT_EQ(trimmed->signals, 2);
  EXPECT_EQ(trimmed->audit, 2);
  EXPECT_EQ(trimmed->stream_entries, 0);
  auto signals = store_->recent_signals(100);
  ASSERT_EQ(signals->size(), 4u);
  EXPECT_EQ(signals->front().payload, R"({"n":2})");
  EXPECT_EQ(signals->at(1).payload, R"({"n":3})");
  auto entries = store_->recent_audit(100);
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_EQ(entries->front().target, "target 2");
  EXPECT_EQ(store_->trim_logs(r)->signals, 0);  // again: nothing left before the cutoff

  // By length: the newest 3 signals stay; the audit log is left alone (empty LogTrim).
  LogRetention by_len;
  by_len.signals.max_len = 3;
  trimmed = store_->trim_logs(by_len);
  ASSERT_TRUE(trimmed.ok()) << trimmed.error().to_string();
  EXPECT_EQ(trimmed->signals, 1);
  EXPECT_EQ(trimmed->audit, 0);
  EXPECT_EQ(store_->recent_signals(100)->front().payload, R"({"n":3})");
  EXPECT_EQ(store_->recent_audit(100)->size(), 4u);

  // A cutoff after everything empties the log; the next signal is kept.
  LogRetention all;
  all.audit.before = kT0 + 1h;
  EXPECT_EQ(store_->trim_logs(all)->audit, 4);
  EXPECT_TRUE(store_->recent_audit(100)->empty());
  ASSERT_TRUE(store_->append_audit(audit(9, kT0)).ok());
  EXPECT_EQ(store_->recent_audit(100)->size(), 1u);
  EXPECT_TRUE(store_->check().ok());
}

TEST_P(RetentionTest, StreamsTrimByLengthAndAppendTimeAndDropPendingOfTrimmedEntries) {
  for (int n = 0; n < 10; ++n) {
    ASSERT_TRUE(store_->append_event("notify", fmt::format("n{}", n)).ok());
  }
  ASSERT_TRUE(store_->append_event("other", "o0").ok());
  ASSERT_TRUE(store_->create_group("notify", "chat").ok());
  // The group was created after the 10 entries: append 2 more and read them, unacked.
  ASSERT_TRUE(store_->append_event("notify", "n10").ok());
  ASSERT_TRUE(store_->append_event("notify", "n11").ok());
  auto read = store_->read_group("notify", "chat", "c1", 10);
  ASSERT_EQ(read->size(), 2u);

  LogRetention r;
  r.streams.max_len = 1;  // keeps only n11 and o0
  auto trimmed = store_->trim_logs(r);
  ASSERT_TRUE(trimmed.ok()) << trimmed.error().to_string();
  EXPECT_EQ(trimmed->stream_entries, 11);
  auto notify = store_->stream_snapshot("notify");
  ASSERT_TRUE(notify.ok());
  ASSERT_EQ(notify->entries.size(), 1u);
  EXPECT_EQ(notify->entries[0].payload, "n11");
  ASSERT_EQ(notify->groups.size(), 1u);
  ASSERT_EQ(notify->groups[0].pending.size(), 1u);  // n10 was trimmed away
  auto claimed = store_->claim_pending("notify", "chat", "c2", 0ms, 10);
  ASSERT_TRUE(claimed.ok()) << claimed.error().to_string();
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().payload, "n11");

  // By append time: a cutoff long ago deletes nothing, one in the future deletes everything;
  // the group survives and delivers what comes next.
  LogRetention old;
  old.streams.before = kT0;
  EXPECT_EQ(store_->trim_logs(old)->stream_entries, 0);
  LogRetention future;
  future.streams.before = Timestamp::from_s(4'000'000'000);
  EXPECT_EQ(store_->trim_logs(future)->stream_entries, 2);
  ASSERT_TRUE(store_->append_event("notify", "n12").ok());
  auto next = store_->read_group("notify", "chat", "c1", 10);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ(next->front().payload, "n12");
  EXPECT_TRUE(store_->check().ok());
}

TEST_P(RetentionTest, ApplyRetentionTrimsEachKindByItsOwnAge) {
  std::vector<Candle> bars;
  for (int d = 0; d < 10; ++d) {
    bars.push_back(Candle{kT0 + std::chrono::hours(24 * d), Price::parse("1").value(),
                          Price::parse("2").value(), Price::parse("0.5").value(),
                          Price::parse("1.5").value(), Quantity::parse("3").value()});
    ASSERT_TRUE(store_->record_metric("equity", MetricPoint{bars.back().open_time, 1.0 * d}).ok());
    ASSERT_TRUE(store_->append_signal(signal(d, bars.back().open_time)).ok());
    ASSERT_TRUE(store_->append_audit(audit(d, bars.back().open_time)).ok());
  }
  ASSERT_TRUE(store_->append_candles(sym("ETH/USDT"), Timeframe::d1(), bars).ok());
  RetentionPolicy policy;
  policy.series = std::chrono::hours(24 * 3);   // keeps days 7, 8, 9
  policy.signals = std::chrono::hours(24 * 5);  // keeps days 5..9
  policy.audit = std::chrono::hours(24 * 8);    // keeps days 2..9: the audit log lives longer
  policy.audit_max_len = 6;                     // ... but at most 6 entries: days 4..9
  const Timestamp now = kT0 + std::chrono::hours(24 * 10);
  auto report = apply_retention(*store_, policy, now);
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  EXPECT_EQ(report->series, 7 + 7);
  EXPECT_EQ(report->logs.signals, 5);
  EXPECT_EQ(report->logs.audit, 4);
  EXPECT_EQ(store_->candles(sym("ETH/USDT"), Timeframe::d1(), kT0, now)->size(), 3u);
  EXPECT_EQ(store_->recent_signals(100)->size(), 5u);
  EXPECT_EQ(store_->recent_audit(100)->front().target, "target 4");
  auto again = apply_retention(*store_, policy, now);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->series + again->logs.signals + again->logs.audit, 0);
}

TEST_P(RetentionTest, TimerRunsAPassWhenDueOnTheCallersClock) {
  for (int n = 0; n < 4; ++n) ASSERT_TRUE(store_->append_audit(audit(n, kT0)).ok());
  RetentionPolicy policy;
  policy.audit = std::chrono::hours(24);
  policy.audit_max_len = 2;
  policy.interval = std::chrono::hours(1);
  RetentionTimer timer(*store_, policy);
  EXPECT_FALSE(timer.next_due().has_value());
  auto first = timer.poll(kT0);  // the first poll runs at once
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(first->ok()) << first->error().to_string();
  EXPECT_EQ((*first)->logs.audit, 2);
  EXPECT_EQ(timer.next_due(), kT0 + std::chrono::hours(1));
  for (int n = 10; n < 13; ++n) ASSERT_TRUE(store_->append_audit(audit(n, kT0)).ok());
  EXPECT_FALSE(timer.poll(kT0 + std::chrono::minutes(59)).has_value());  // not yet due
  EXPECT_EQ(store_->recent_audit(100)->size(), 5u);
  auto second = timer.poll(kT0 + std::chrono::hours(1));
  ASSERT_TRUE(second.has_value() && second->ok());
  EXPECT_EQ((*second)->logs.audit, 3);
  EXPECT_EQ(store_->recent_audit(100)->size(), 2u);
  // A day later the age limit applies too: everything is older than 24 h.
  auto third = timer.poll(kT0 + std::chrono::hours(25) + std::chrono::milliseconds(1));
  ASSERT_TRUE(third.has_value() && third->ok());
  EXPECT_EQ((*third)->logs.audit, 2);
  EXPECT_TRUE(store_->recent_audit(100)->empty());
}

TEST_P(RetentionTest, SchedulerRunsAtStartOnTriggerAndStopsPromptly) {
  for (int n = 0; n < 4; ++n) ASSERT_TRUE(store_->append_audit(audit(n, kT0)).ok());
  RetentionPolicy policy;
  policy.audit_max_len = 2;
  policy.interval = std::chrono::hours(24);  // never reached: passes come from start and trigger
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::int64_t> passes;
  {
    RetentionScheduler scheduler(
        *store_, policy,
        [&](const Result<RetentionReport>& r) {
          std::lock_guard lock(m);
          passes.push_back(r.ok() ? r->logs.audit : -1);
          cv.notify_all();
        },
        [] { return kT0; });
    {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return passes.size() == 1; });
    }
    ASSERT_TRUE(store_->append_audit(audit(9, kT0)).ok());
    scheduler.trigger();
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return passes.size() == 2; });
  }  // destroying the scheduler must not wait out the 24 h interval
  EXPECT_EQ(passes, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(store_->recent_audit(100)->size(), 2u);
}

TEST_P(RetentionTest, StartRetentionReadsTheStoreSectionAndRunsAPass) {
  for (int n = 0; n < 3; ++n) ASSERT_TRUE(store_->append_audit(audit(n, kT0)).ok());
  auto none = Config::parse("store:\n  url: sqlite:x.db\n", "omega.yaml");
  ASSERT_TRUE(none.ok());
  auto idle = start_retention(*store_, *none->section("store"));
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->get(), nullptr);  // no retention configured: nothing runs, nothing trimmed
  auto config = Config::parse(
      "store:\n  url: sqlite:x.db\n  retention:\n    audit_max_len: 1\n    interval: 1d\n",
      "omega.yaml");
  ASSERT_TRUE(config.ok());
  std::promise<std::int64_t> first;
  auto scheduler =
      start_retention(*store_, *config->section("store"),
                      [&first, done = false](const Result<RetentionReport>& r) mutable {
                        if (done) return;
                        done = true;
                        first.set_value(r.ok() ? r->logs.audit : -1);
                      });
  ASSERT_TRUE(scheduler.ok()) << scheduler.error().to_string();
  ASSERT_NE(scheduler->get(), nullptr);
  EXPECT_EQ(first.get_future().get(), 2);
  scheduler->reset();
  EXPECT_EQ(store_->recent_audit(100)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest, ::testing::Values("sqlite", "redis"),
                         [](const auto& param_info) { return param_info.param; });

TEST(RetentionConfigTest, ReadsPolicyAndRefusesBadValues) {
  auto config = Config::parse(R"(
store:
  url: sqlite:omega.db
  retention:
    series: 400d
    streams: 7d
    streams_max_len: 100000
    signals: 90d
    audit: 730d
    audit_max_len: 10000000
    interval: 30m
)",
                              "omega.yaml");
  ASSERT_TRUE(config.ok()) << config.error().to_string();
  auto section = config->section("store.retention");
  ASSERT_TRUE(section.ok());
  auto policy = retention_from_config(*section);
  ASSERT_TRUE(policy.ok()) << policy.error().to_string();
  EXPECT_EQ(*policy->series, std::chrono::hours(24 * 400));
  EXPECT_EQ(*policy->streams_max_len, 100000u);
  EXPECT_FALSE(policy->signals_max_len.has_value());
  EXPECT_EQ(*policy->audit, std::chrono::hours(24 * 730));
  EXPECT_EQ(policy->interval, std::chrono::minutes(30));
  EXPECT_FALSE(policy->keeps_everything());
  const LogRetention logs = policy->logs_at(kT0);
  EXPECT_EQ(*logs.streams.before, kT0 - std::chrono::hours(24 * 7));
  EXPECT_FALSE(logs.signals.max_len.has_value());
  EXPECT_TRUE(RetentionPolicy{}.keeps_everything());

  // From the `store:` section, as `omega run` and the farm read it.
  auto from_store = store_retention_policy(*config->section("store"));
  ASSERT_TRUE(from_store.ok() && from_store->has_value());
  EXPECT_EQ((*from_store)->interval, std::chrono::minutes(30));
  for (const char* idle : {"url: sqlite:omega.db\n", "retention:\n  interval: 1h\n"}) {
    auto c = Config::parse(idle, "idle.yaml");
    ASSERT_TRUE(c.ok()) << idle;
    auto p = store_retention_policy(*c);
    ASSERT_TRUE(p.ok()) << idle;
    EXPECT_FALSE(p->has_value()) << idle;  // nothing to schedule
  }
  auto bad_store = Config::parse("retention:\n  audit: 0d\n", "bad.yaml");
  ASSERT_TRUE(bad_store.ok());
  EXPECT_FALSE(store_retention_policy(*bad_store).ok());

  for (const char* bad : {"retention:\n  audit: -1d\n", "retention:\n  signals_max_len: -5\n",
                          "retention:\n  audti: 30d\n", "retention:\n  series: soon\n"}) {
    auto c = Config::parse(bad, "bad.yaml");
    ASSERT_TRUE(c.ok()) << bad;
    auto r = retention_from_config(*c->section("retention"));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().to_string().find("retention."), std::string::npos) << r.error().to_string();
  }
}

}  // namespace
}  // namespace omega::store
