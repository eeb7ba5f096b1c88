// Provides RedisStore: the farm backend on Redis, with the key schema of docs/redis-keys.md.
// Every write that must be atomic is one Lua script; all I/O goes through RedisClient's thread.
#pragma once

#include <memory>

#include "store/redis_client.hpp"
#include "store/store.hpp"
#include "store/store_options.hpp"

namespace omega::store {

// The key schema version this build writes (omega:schema).
inline constexpr int kRedisSchemaVersion = 1;

// Thread-safe (RedisClient queues calls to its I/O thread). Notification handlers run on the
// subscription's own thread. Reads fail with kUnavailable while Redis is down; writes follow
// RedisOptions::when_down.
class RedisStore final : public Store {
 public:
  // Connects (see RedisClient::connect) and checks the schema version.
  static Result<std::unique_ptr<RedisStore>> open(const RedisOptions& options);
  ~RedisStore() override;

  std::string_view backend() const override { return "redis"; }
  Status migrate() override;
  Result<int> schema_version() override;
  Status check() override;
  StoreHealth health() const override;
  Result<std::int64_t> trim_series(Timestamp cutoff) override;
  Result<TrimCounts> trim_logs(const LogRetention& retention) override;

  Status append_candles(const Symbol& symbol, Timeframe tf,
                        std::span<const Candle> candles) override;
  Result<std::vector<Candle>> candles(const Symbol& symbol, Timeframe tf, Timestamp from,
                                      Timestamp to) override;
  Result<std::optional<Candle>> latest_candle(const Symbol& symbol, Timeframe tf) override;

  Result<AppendOutcome> append_order(const OrderRecord& order) override;
  // Records many orders as one pipeline of scripts (one round trip); one outcome per order.
  Result<std::vector<AppendOutcome>> append_orders(std::span<const OrderRecord> orders);
  Status update_order(const ClientOrderId& id, OrderStatus status,
                      const VenueOrderId& venue_order_id, Timestamp ts) override;
  Result<AppendOutcome> append_fill(const FillRecord& fill) override;
  Result<std::optional<OrderRecord>> order(const ClientOrderId& id) override;
  Result<std::vector<OrderRecord>> orders() override;
  Result<std::vector<FillRecord>> fills() override;
  Result<PositionSnapshot> position(const BotId& bot, const Symbol& symbol) override;
  Result<std::vector<PositionSnapshot>> positions() override;

  Status append_signal(const SignalRecord& signal) override;
  Result<std::vector<SignalRecord>> recent_signals(std::size_t limit) override;

  Result<std::optional<VersionedValue>> get_state(const BotId& bot, std::string_view key) override;
  Result<std::int64_t> compare_and_set_state(const BotId& bot, std::string_view key,
                                             std::int64_t expected_version,
                                             std::string_view value) override;

  Status record_metric(std::string_view name, MetricPoint point) override;
  Result<std::vector<MetricPoint>> metric_range(std::string_view name, Timestamp from,
                                                Timestamp to) override;

  Status put_setting(const UserId& user, std::string_view key, std::string_view value) override;
  Result<std::optional<std::string>> get_setting(const UserId& user, std::string_view key) override;

  Status append_audit(const AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> recent_audit(std::size_t limit) override;

  Result<std::string> append_event(std::string_view stream, std::string_view payload) override;
  Status create_group(std::string_view stream, std::string_view group) override;
  Result<std::vector<StreamEntry>> read_group(std::string_view stream, std::string_view group,
                                              std::string_view consumer,
                                              std::size_t count) override;
  Status ack(std::string_view stream, std::string_view group,
             std::span<const std::string> ids) override;
  Result<std::vector<StreamEntry>> claim_pending(std::string_view stream, std::string_view group,
                                                 std::string_view consumer,
                                                 std::chrono::milliseconds min_idle,
                                                 std::size_t count) override;

  Result<std::int64_t> publish(std::string_view channel, std::string_view message) override;
  Result<std::unique_ptr<Subscription>> subscribe(std::string_view channel,
                                                  Handler handler) override;

  Result<std::vector<CandleSeries>> candle_series() override;
  Result<std::vector<std::string>> metric_names() override;
  Result<std::vector<BotStateEntry>> all_state() override;
  Result<bool> restore_state(const BotStateEntry& entry) override;
  Result<std::vector<SettingEntry>> all_settings() override;
  Result<std::vector<std::string>> stream_names() override;
  Result<StreamSnapshot> stream_snapshot(std::string_view stream) override;
  Status restore_stream(const StreamSnapshot& snapshot) override;

  // Waits until buffered writes have reached Redis.
  Status flush(std::chrono::milliseconds timeout);
  // Waits until the client is connected again (after Redis was down).
  Status wait_connected(std::chrono::milliseconds timeout);
  // Returns the key prefix ("omega:").
  const std::string& prefix() const;

  struct Impl;

 private:
  explicit RedisStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::store
