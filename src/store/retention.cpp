#include "store/retention.hpp"

#include <fmt/format.h>

#include "core/log.hpp"

namespace omega::store {
namespace {

Result<std::optional<Duration>> duration_or_none(const Config& c, std::string_view key) {
  if (!c.has(key)) return std::optional<Duration>();
  OMEGA_ASSIGN_OR_RETURN(Duration d, c.get<Duration>(key));
  if (d.count() <= 0) return c.invalid(key, "must be a positive duration such as 90d");
  return std::optional<Duration>(d);
}

Result<std::optional<std::size_t>> length_or_none(const Config& c, std::string_view key) {
  if (!c.has(key)) return std::optional<std::size_t>();
  OMEGA_ASSIGN_OR_RETURN(std::int64_t n, c.get<std::int64_t>(key));
  if (n < 0) return c.invalid(key, "must not be negative");
  return std::optional<std::size_t>(static_cast<std::size_t>(n));
}

LogTrim log_trim(const std::optional<Duration>& age, const std::optional<std::size_t>& max_len,
                 Timestamp now) {
  LogTrim t;
  if (age) t.before = now - *age;
  t.max_len = max_len;
  return t;
}

Timestamp system_now() {
  return Timestamp(std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count());
}

// Logs what a pass deleted, or why it failed.
void log_pass(const Store& store, const Result<RetentionReport>& report) {
  if (report.ok()) {
    log_info(
        "retention on {}: deleted {} candles and metric points, {} stream entries, {} "
        "signals, {} audit entries",
        store.backend(), report->series, report->logs.stream_entries, report->logs.signals,
        report->logs.audit);
  } else {
    log_warn("retention on {} failed: {}", store.backend(), report.error().to_string());
  }
}

}  // namespace

bool RetentionPolicy::keeps_everything() const {
  return !series && !streams && !streams_max_len && !signals && !signals_max_len && !audit &&
         !audit_max_len;
}

LogRetention RetentionPolicy::logs_at(Timestamp now) const {
  return LogRetention{log_trim(streams, streams_max_len, now),
                      log_trim(signals, signals_max_len, now), log_trim(audit, audit_max_len, now)};
}

Result<RetentionPolicy> retention_from_config(const Config& section) {
  OMEGA_TRY(section.check_keys({"series", "streams", "streams_max_len", "signals",
                                "signals_max_len", "audit", "audit_max_len", "interval"}));
  RetentionPolicy p;
  OMEGA_ASSIGN_OR_RETURN(p.series, duration_or_none(section, "series"));
  OMEGA_ASSIGN_OR_RETURN(p.streams, duration_or_none(section, "streams"));
  OMEGA_ASSIGN_OR_RETURN(p.streams_max_len, length_or_none(section, "streams_max_len"));
  OMEGA_ASSIGN_OR_RETURN(p.signals, duration_or_none(section, "signals"));
  OMEGA_ASSIGN_OR_RETURN(p.signals_max_len, length_or_none(section, "signals_max_len"));
  OMEGA_ASSIGN_OR_RETURN(p.audit, duration_or_none(section, "audit"));
  OMEGA_ASSIGN_OR_RETURN(p.audit_max_len, length_or_none(section, "audit_max_len"));
  OMEGA_ASSIGN_OR_RETURN(std::optional<Duration> interval, duration_or_none(section, "interval"));
  if (interval) p.interval = *interval;
  return p;
}

Result<RetentionReport> apply_retention(Store& store, const RetentionPolicy& policy,
                                        Timestamp now) {
  RetentionReport report;
  if (policy.series) {
    OMEGA_ASSIGN_OR_RETURN(report.series, store.trim_series(now - *policy.series));
  }
  OMEGA_ASSIGN_OR_RETURN(report.logs, store.trim_logs(policy.logs_at(now)));
  return report;
}

Result<std::optional<RetentionPolicy>> store_retention_policy(const Config& store_section) {
  if (!store_section.has("retention")) return std::optional<RetentionPolicy>();
  OMEGA_ASSIGN_OR_RETURN(Config section, store_section.section("retention"));
  OMEGA_ASSIGN_OR_RETURN(RetentionPolicy policy, retention_from_config(section));
  if (policy.keeps_everything()) return std::optional<RetentionPolicy>();
  return std::optional<RetentionPolicy>(policy);
}

RetentionTimer::RetentionTimer(Store& store, RetentionPolicy policy)
    : store_(store), policy_(policy) {}

std::optional<Result<RetentionReport>> RetentionTimer::poll(Timestamp now) {
  if (next_due_ && now < *next_due_) return std::nullopt;
  auto report = apply_retention(store_, policy_, now);
  log_pass(store_, report);
  next_due_ = now + policy_.interval;
  return report;
}

RetentionScheduler::RetentionScheduler(Store& store, RetentionPolicy policy, OnPass on_pass,
                                       Clock now)
    : store_(store),
      policy_(policy),
      on_pass_(std::move(on_pass)),
      now_(now ? std::move(now) : Clock(system_now)) {
  thread_ = std::thread([this] { run(); });
}

RetentionScheduler::~RetentionScheduler() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RetentionScheduler::trigger() {
  {
    std::lock_guard lock(mutex_);
    triggered_ = true;
  }
  wake_.notify_all();
}

void RetentionScheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    triggered_ = false;
    lock.unlock();
    auto report = apply_retention(store_, policy_, now_());
    log_pass(store_, report);
    if (on_pass_) on_pass_(report);
    lock.lock();
    // The interval is the schedule (not a synchronisation): stop and trigger() cut it short.
    wake_.wait_for(lock, policy_.interval, [&] { return stop_ || triggered_; });
  }
}

Result<std::unique_ptr<RetentionScheduler>> start_retention(Store& store,
                                                            const Config& store_section,
                                                            RetentionScheduler::OnPass on_pass) {
  OMEGA_ASSIGN_OR_RETURN(std::optional<RetentionPolicy> policy,
                         store_retention_policy(store_section));
  if (!policy) return std::unique_ptr<RetentionScheduler>();
  return std::make_unique<RetentionScheduler>(store, *policy, std::move(on_pass));
}

}  // namespace omega::store
