// Provides retention for a store: RetentionPolicy (how long candles, metric points, event
// streams, signals and the audit log are kept, from the `store.retention` configuration),
// apply_retention (one pass, for commands and long-running processes), RetentionTimer (passes
// driven by the caller's own timer, e.g. the kernel's in `omega run`) and RetentionScheduler
// (a thread that applies the policy at start and then every interval).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/config.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace omega::store {

// How long each kind of record is kept; an unset field keeps that kind forever. The ledger, bot
// state and settings are never trimmed.
struct RetentionPolicy {
  std::optional<Duration> series;              // candles and metric points, by their time
  std::optional<Duration> streams;             // event stream entries, by append time
  std::optional<std::size_t> streams_max_len;  // and at most this many per stream
  std::optional<Duration> signals;             // signal records, by their ts
  std::optional<std::size_t> signals_max_len;
  std::optional<Duration> audit;  // audit entries, by their ts (keep it long)
  std::optional<std::size_t> audit_max_len;
  Duration interval = std::chrono::hours(1);  // how often RetentionScheduler applies it

  // True when nothing is ever trimmed.
  bool keeps_everything() const;
  // Returns what Store::trim_logs should do at `now`.
  LogRetention logs_at(Timestamp now) const;
};

// Reads a `retention` section (keys: series, streams, streams_max_len, signals,
// signals_max_len, audit, audit_max_len, interval; durations such as "400d", "12h"). Fails
// naming the key for an unknown key, a non-positive duration or a negative length.
Result<RetentionPolicy> retention_from_config(const Config& section);

// Reads the `retention` key of a `store:` configuration section: nullopt when there is none or
// it keeps everything (nothing to schedule); fails naming the key for a bad one.
Result<std::optional<RetentionPolicy>> store_retention_policy(const Config& store_section);

// What one pass deleted.
struct RetentionReport {
  std::int64_t series = 0;  // candles and metric points
  TrimCounts logs;
};

// Applies the policy once as of `now`: trim_series for candles and metrics, trim_logs for the
// rest. Safe to run at any time and from any process sharing the store; running it twice in a
// row deletes nothing the second time.
Result<RetentionReport> apply_retention(Store& store, const RetentionPolicy& policy, Timestamp now);

// Applies a policy from a timer the caller already has (the kernel timer of `omega run`, the
// farm supervisor's tick): poll(now) runs a pass on its first call and then whenever
// `policy.interval` has passed since the last pass, and does nothing in between. Time is the
// caller's, so a paper or replayed run trims on its own clock. For one thread.
class RetentionTimer {
 public:
  // `store` must outlive the timer.
  RetentionTimer(Store& store, RetentionPolicy policy);

  // Runs a pass when one is due at `now` (logging what it deleted) and returns its outcome;
  // returns nullopt when none is due. A failed pass is retried at the next interval.
  std::optional<Result<RetentionReport>> poll(Timestamp now);
  // Returns when the next pass is due (nullopt before the first poll: at once).
  std::optional<Timestamp> next_due() const { return next_due_; }
  const RetentionPolicy& policy() const { return policy_; }

 private:
  Store& store_;
  RetentionPolicy policy_;
  std::optional<Timestamp> next_due_;
};

// Applies a policy on its own thread: once at construction, then every `policy.interval`, until
// destroyed (which returns promptly). For the farm supervisor and `omega run`. Each pass's
// outcome goes to `on_pass` (on the scheduler's thread) and to the log.
class RetentionScheduler {
 public:
  using Clock = std::function<Timestamp()>;
  using OnPass = std::function<void(const Result<RetentionReport>&)>;

  // `store` must outlive the scheduler. `now` defaults to the system clock.
  RetentionScheduler(Store& store, RetentionPolicy policy, OnPass on_pass = {}, Clock now = {});
  ~RetentionScheduler();
  RetentionScheduler(const RetentionScheduler&) = delete;
  RetentionScheduler& operator=(const RetentionScheduler&) = delete;

  // Asks for a pass now instead of at the next interval.
  void trigger();

 private:
  void run();

  Store& store_;
  RetentionPolicy policy_;
  OnPass on_pass_;
  Clock now_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool triggered_ = false;
  std::thread thread_;
};

// The entry point for long-running processes (farm supervisor, `omega run`): starts a scheduler
// for the `retention` key of a `store:` configuration section. Returns nullptr (nothing to do)
// when the section has no retention or it keeps everything; fails naming the key for a bad one.
Result<std::unique_ptr<RetentionScheduler>> start_retention(
    Store& store, const Config& store_section, RetentionScheduler::OnPass on_pass = {});

}  // namespace omega::store
