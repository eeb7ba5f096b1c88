// Provides OMEGA_STORE_PORT_OVERRIDES: the override declarations of every Store port, which
// each backend (SqliteStore, RedisStore) declares; one list, so the backends cannot drift apart
// and a port added to Store is added here once.
#pragma once

#include "store/store.hpp"

// Declares, inside a class deriving from omega::store::Store, every pure virtual of Store except
// backend() (each backend returns its own name).
#define OMEGA_STORE_PORT_OVERRIDES()                                                             \
  Status migrate() override;                                                                     \
  Result<int> schema_version() override;                                                         \
  Status check() override;                                                                       \
  StoreHealth health() const override;                                                           \
  Result<std::int64_t> trim_series(Timestamp cutoff) override;                                   \
  Result<TrimCounts> trim_logs(const LogRetention& retention) override;                          \
  Status append_candles(const Symbol& symbol, Timeframe tf, std::span<const Candle> candles)     \
      override;                                                                                  \
  Result<std::vector<Candle>> candles(const Symbol& symbol, Timeframe tf, Timestamp from,        \
                                      Timestamp to) override;                                    \
  Result<std::optional<Candle>> latest_candle(const Symbol& symbol, Timeframe tf) override;      \
  Result<AppendOutcome> append_order(const OrderRecord& order) override;                         \
  Status update_order(const ClientOrderId& id, OrderStatus status,                               \
                      const VenueOrderId& venue_order_id, Timestamp ts) override;                \
  Result<AppendOutcome> append_fill(const FillRecord& fill) override;                            \
  Result<std::optional<OrderRecord>> order(const ClientOrderId& id) override;                    \
  Result<std::vector<OrderRecord>> orders() override;                                            \
  Result<std::vector<FillRecord>> fills() override;                                              \
  Result<std::vector<FillRecord>> fills_since(std::size_t skip) override;                        \
  Result<std::string> ledger_version() override;                                                 \
  Result<PositionSnapshot> position(const BotId& bot, const Symbol& symbol) override;            \
  Result<std::vector<PositionSnapshot>> positions() override;                                    \
  Status append_signal(const SignalRecord& signal) override;                                     \
  Result<std::vector<SignalRecord>> recent_signals(std::size_t limit) override;                  \
  Result<std::optional<VersionedValue>> get_state(const BotId& bot, std::string_view key)        \
      override;                                                                                  \
  Result<std::int64_t> compare_and_set_state(const BotId& bot, std::string_view key,             \
                                             std::int64_t expected_version,                      \
                                             std::string_view value) override;                   \
  Status record_metric(std::string_view name, MetricPoint point) override;                       \
  Result<std::vector<MetricPoint>> metric_range(std::string_view name, Timestamp from,           \
                                                Timestamp to) override;                          \
  Status put_setting(const UserId& user, std::string_view key, std::string_view value) override; \
  Result<std::optional<std::string>> get_setting(const UserId& user, std::string_view key)       \
      override;                                                                                  \
  Status append_audit(const AuditEntry& entry) override;                                         \
  Result<std::vector<AuditEntry>> recent_audit(std::size_t limit) override;                      \
  Result<std::string> append_event(std::string_view stream, std::string_view payload) override;  \
  Status create_group(std::string_view stream, std::string_view group) override;                 \
  Status create_group_from_start(std::string_view stream, std::string_view group) override;      \
  Result<std::vector<StreamEntry>> read_group(std::string_view stream, std::string_view group,   \
                                              std::string_view consumer, std::size_t count)      \
      override;                                                                                  \
  Status ack(std::string_view stream, std::string_view group, std::span<const std::string> ids)  \
      override;                                                                                  \
  Result<std::vector<StreamEntry>> claim_pending(                                                \
      std::string_view stream, std::string_view group, std::string_view consumer,                \
      std::chrono::milliseconds min_idle, std::size_t count) override;                           \
  Result<std::int64_t> publish(std::string_view channel, std::string_view message) override;     \
  Result<std::unique_ptr<Subscription>> subscribe(std::string_view channel, Handler handler)     \
      override;                                                                                  \
  Result<std::vector<CandleSeries>> candle_series() override;                                    \
  Result<std::vector<std::string>> metric_names() override;                                      \
  Result<std::vector<BotStateEntry>> all_state() override;                                       \
  Result<bool> restore_state(const BotStateEntry& entry) override;                               \
  Result<std::vector<SettingEntry>> all_settings() override;                                     \
  Result<std::vector<std::string>> stream_names() override;                                      \
  Result<StreamSnapshot> stream_snapshot(std::string_view stream) override;                      \
  Status restore_stream(const StreamSnapshot& snapshot) override;
