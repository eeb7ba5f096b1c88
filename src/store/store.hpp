// Provides the store ports (candles, ledger, positions, signals, bot state, metrics, settings,
// audit, event streams, notifications) and Store, which a backend implements all of.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "core/timeframe.hpp"
#include "model/candle.hpp"
#include "store/records.hpp"
#include "store/store_health.hpp"

namespace omega::store {

// Keeps OHLCV bars per symbol and timeframe; appending a bar with an existing open time replaces
// it.
class CandleStore {
 public:
  virtual ~CandleStore() = default;
  // Stores bars (all or none).
  virtual Status append_candles(const Symbol& symbol, Timeframe tf,
                                std::span<const Candle> candles) = 0;
  // Returns the bars with open_time in [from, to), oldest first.
  virtual Result<std::vector<Candle>> candles(const Symbol& symbol, Timeframe tf, Timestamp from,
                                              Timestamp to) = 0;
  // Returns the newest bar, or nullopt when there is none.
  virtual Result<std::optional<Candle>> latest_candle(const Symbol& symbol, Timeframe tf) = 0;
};

// The append-only, idempotent order and fill ledger; a fill updates its position atomically.
class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  // Records an order once; the same client order id again changes nothing.
  virtual Result<AppendOutcome> append_order(const OrderRecord& order) = 0;
  // Sets an order's status (and venue id when not empty); kNotFound for an unknown id.
  virtual Status update_order(const ClientOrderId& id, OrderStatus status,
                              const VenueOrderId& venue_order_id, Timestamp ts) = 0;
  // Records a fill once and adds it to the bot's position in the same atomic write.
  virtual Result<AppendOutcome> append_fill(const FillRecord& fill) = 0;
  // Returns one order, or nullopt.
  virtual Result<std::optional<OrderRecord>> order(const ClientOrderId& id) = 0;
  // Returns every order in ledger order.
  virtual Result<std::vector<OrderRecord>> orders() = 0;
  // Returns every fill in ledger order.
  virtual Result<std::vector<FillRecord>> fills() = 0;
  // Returns the fills after the first `skip` in ledger order. The ledger only grows, so a reader
  // that has seen `skip` fills reads only the new ones.
  virtual Result<std::vector<FillRecord>> fills_since(std::size_t skip) = 0;
  // Returns a text that changes whenever the ledger does (an order appended or updated, a fill
  // appended; from any process), so a reader may keep what it derived from the ledger until it
  // changes. Cheap: one indexed lookup. "" when there was never a ledger write.
  virtual Result<std::string> ledger_version() = 0;
  // Returns a bot's position in a symbol (zero when it never traded it).
  virtual Result<PositionSnapshot> position(const BotId& bot, const Symbol& symbol) = 0;
  // Returns every position the ledger holds.
  virtual Result<std::vector<PositionSnapshot>> positions() = 0;

  // Opens a write batch on the calling thread. Until commit_batch or rollback_batch, this
  // thread's writes (to any port of the same backend) join one atomic write: durable together
  // at commit (one fsync), gone together on rollback or a crash before it. Each write inside
  // stays all-or-nothing on its own (a failed one leaves the batch as it was), reads see the
  // batch, and other threads' writes wait until it ends. Returns false when the backend does
  // not batch: every write is then durable on its own, as without a batch.
  virtual Result<bool> begin_batch() { return false; }
  // Makes the batch's writes durable at once; when that fails, none of them is kept.
  virtual Status commit_batch() { return Error(ErrorCode::kState, "no write batch is open"); }
  // Drops every write of the batch.
  virtual Status rollback_batch() { return Error(ErrorCode::kState, "no write batch is open"); }
};

// Keeps signals and appends each to the "signals" event stream in the same write.
class SignalStore {
 public:
  virtual ~SignalStore() = default;
  // Stores a signal and publishes it on the "signals" stream.
  virtual Status append_signal(const SignalRecord& signal) = 0;
  // Returns the newest `limit` signals, oldest first.
  virtual Result<std::vector<SignalRecord>> recent_signals(std::size_t limit) = 0;
};

// Keeps per-bot key-value state with versions, written by compare-and-set.
class BotStateStore {
 public:
  virtual ~BotStateStore() = default;
  // Returns a value and its version, or nullopt.
  virtual Result<std::optional<VersionedValue>> get_state(const BotId& bot,
                                                          std::string_view key) = 0;
  // Writes when the stored version equals `expected_version` (0: must not exist); returns the
  // new version, or kState when another writer got there first (nothing changes).
  virtual Result<std::int64_t> compare_and_set_state(const BotId& bot, std::string_view key,
                                                     std::int64_t expected_version,
                                                     std::string_view value) = 0;
};

// Keeps metric time series by name.
class MetricStore {
 public:
  virtual ~MetricStore() = default;
  // Appends one point; a second point at the same ts replaces the first.
  virtual Status record_metric(std::string_view name, MetricPoint point) = 0;
  // Returns points with ts in [from, to), oldest first.
  virtual Result<std::vector<MetricPoint>> metric_range(std::string_view name, Timestamp from,
                                                        Timestamp to) = 0;
};

// Keeps user settings (persona choice, notification levels, alert rules as text or JSON).
class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  // Sets one setting.
  virtual Status put_setting(const UserId& user, std::string_view key, std::string_view value) = 0;
  // Returns one setting, or nullopt.
  virtual Result<std::optional<std::string>> get_setting(const UserId& user,
                                                         std::string_view key) = 0;
};

// Keeps the audit log: append-only.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  // Appends an entry.
  virtual Status append_audit(const AuditEntry& entry) = 0;
  // Returns the newest `limit` entries, oldest first.
  virtual Result<std::vector<AuditEntry>> recent_audit(std::size_t limit) = 0;
};

// Event streams between processes, with consumer groups: each group has a last-delivered
// position and a pending list, so a restarted consumer resumes where it stopped.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Appends an entry and returns its id.
  virtual Result<std::string> append_event(std::string_view stream, std::string_view payload) = 0;
  // Creates a group that starts after the entries existing now; an existing group is kept.
  virtual Status create_group(std::string_view stream, std::string_view group) = 0;
  // Creates a group that delivers every entry the stream holds now (those a retention trim left)
  // and every later one: for a consumer that must not miss what was written before it first
  // started. An existing group is kept, with its position.
  virtual Status create_group_from_start(std::string_view stream, std::string_view group) = 0;
  // Delivers up to `count` entries never delivered to the group, marking them pending for
  // `consumer` until acked.
  virtual Result<std::vector<StreamEntry>> read_group(std::string_view stream,
                                                      std::string_view group,
                                                      std::string_view consumer,
                                                      std::size_t count) = 0;
  // Acknowledges entries; acking an unknown or acked id changes nothing.
  virtual Status ack(std::string_view stream, std::string_view group,
                     std::span<const std::string> ids) = 0;
  // Moves entries pending longer than `min_idle` (any consumer) to `consumer` and returns them:
  // how a restarted consumer takes back what it read but did not ack.
  virtual Result<std::vector<StreamEntry>> claim_pending(std::string_view stream,
                                                         std::string_view group,
                                                         std::string_view consumer,
                                                         std::chrono::milliseconds min_idle,
                                                         std::size_t count) = 0;
};

// Cancels a subscription when destroyed.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

// Live notifications: fire and forget, only current subscribers receive them.
class Notifier {
 public:
  virtual ~Notifier() = default;
  // Called for each message; on the backend's delivery thread (see the backend's docs).
  using Handler = std::function<void(std::string_view channel, std::string_view message)>;
  // Publishes a message on a channel; returns how many subscribers received it.
  virtual Result<std::int64_t> publish(std::string_view channel, std::string_view message) = 0;
  // Subscribes; returns once the subscription is active.
  virtual Result<std::unique_ptr<Subscription>> subscribe(std::string_view channel,
                                                          Handler handler) = 0;
};

// One candle series: the bars of a symbol in a timeframe.
struct CandleSeries {
  Symbol symbol;
  Timeframe timeframe;
};

// One value of a bot's state with its key and version, as an export lists it.
struct BotStateEntry {
  BotId bot_id;
  std::string key;
  VersionedValue value;
};

// One user setting, as an export lists it.
struct SettingEntry {
  UserId user_id;
  std::string key;
  std::string value;
};

// One entry a consumer group delivered and nobody acknowledged yet, by its position in the
// snapshot's entries (ids are the backend's own and do not travel between backends).
struct PendingEntry {
  std::size_t entry = 0;        // index into StreamSnapshot::entries
  std::string consumer;         // who holds it
  std::int64_t deliveries = 1;  // how often it was delivered (claims count)
};

// A consumer group of a stream: how many of the snapshot's entries it was delivered (the first
// `delivered`), and its pending list in entry order.
struct StreamGroup {
  std::string name;
  std::size_t delivered = 0;
  std::vector<PendingEntry> pending;
};

// A whole event stream as export and import see it: entries oldest first (`id` is the
// backend's, for information; restore gives new ones), groups by name.
struct StreamSnapshot {
  std::string name;
  std::vector<StreamEntry> entries;
  std::vector<StreamGroup> groups;
};

// Lists what the keyed ports hold, for export and import (`omega store export`/`import`); not
// for bots.
class StoreCatalog {
 public:
  virtual ~StoreCatalog() = default;
  // Returns every candle series that holds a bar (any order).
  virtual Result<std::vector<CandleSeries>> candle_series() = 0;
  // Returns the name of every metric series that holds a point (any order).
  virtual Result<std::vector<std::string>> metric_names() = 0;
  // Returns every bot state value with its version (any order).
  virtual Result<std::vector<BotStateEntry>> all_state() = 0;
  // Writes a state value with its version as exported, when the stored version is lower (or the
  // key is absent); returns whether it wrote. Import only: a bot writes by compare-and-set.
  virtual Result<bool> restore_state(const BotStateEntry& entry) = 0;
  // Returns every user setting (any order).
  virtual Result<std::vector<SettingEntry>> all_settings() = 0;
  // Returns the name of every event stream that holds an entry or a consumer group (any order).
  virtual Result<std::vector<std::string>> stream_names() = 0;
  // Returns a stream's entries and consumer groups with their pending lists (pending entries
  // whose entry was trimmed away are left out). An unknown stream is empty.
  virtual Result<StreamSnapshot> stream_snapshot(std::string_view stream) = 0;
  // Replaces a stream with `snapshot`: its entries in order (with new ids, appended now), its
  // groups' positions and pending lists (consumer and delivery count kept, idle time restarts).
  // Import only, with the stream's producers and consumers stopped; all or nothing.
  virtual Status restore_stream(const StreamSnapshot& snapshot) = 0;
};

// How much of one append-only log to keep. Logs are trimmed from their oldest end, as Redis'
// XTRIM does: `before` deletes the oldest entries up to the first one at or after it (rounded
// down to a whole millisecond on both backends); `max_len` keeps at most the newest `max_len`.
// Either, both (the stricter wins) or neither (keep everything).
struct LogTrim {
  std::optional<Timestamp> before;
  std::optional<std::size_t> max_len;
  bool empty() const { return !before && !max_len; }
};

// What Store::trim_logs trims. Streams go by the time each entry was appended (the Redis id's
// milliseconds; SQLite's append time); signals and audit entries by their own `ts`.
struct LogRetention {
  LogTrim streams;  // every event stream ("ledger", "signals", notifications, ...)
  LogTrim signals;  // signal records (on Redis the entries of the "signals" stream)
  LogTrim audit;    // the audit log
};

// How many entries a trim deleted, per log.
struct TrimCounts {
  std::int64_t stream_entries = 0;
  std::int64_t signals = 0;
  std::int64_t audit = 0;
};

// A whole backend: every port, plus schema management and health. A bot sees only the ports.
// The backends declare their overrides with OMEGA_STORE_PORT_OVERRIDES (store_overrides.hpp):
// a method added here is added there too.
class Store : public CandleStore,
              public LedgerStore,
              public SignalStore,
              public BotStateStore,
              public MetricStore,
              public SettingsStore,
              public AuditStore,
              public EventStream,
              public Notifier,
              public StoreCatalog {
 public:
  ~Store() override = default;
  // Returns "sqlite" or "redis".
  virtual std::string_view backend() const = 0;
  // Brings the schema to the current version (forward only); idempotent.
  virtual Status migrate() = 0;
  // Returns the schema version the store holds.
  virtual Result<int> schema_version() = 0;
  // Verifies integrity (SQLite integrity_check, WAL and synchronous=FULL; Redis key types);
  // fails naming the problem.
  virtual Status check() = 0;
  // Reports whether writes reach durable storage now and what happens to them when not.
  virtual StoreHealth health() const = 0;
  // Retention: deletes the candles and metric points older than `cutoff` (rounded down to a
  // whole millisecond, the Redis score unit, on both backends); returns how many it deleted.
  virtual Result<std::int64_t> trim_series(Timestamp cutoff) = 0;
  // Retention for the logs: trims event streams, signals and the audit log as `retention` says
  // (an empty LogTrim leaves its log alone) and returns how many entries went. A group's pending
  // entries whose entry is gone are never delivered again. Never touches the ledger.
  virtual Result<TrimCounts> trim_logs(const LogRetention& retention) = 0;
};

}  // namespace omega::store
