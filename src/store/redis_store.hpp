// Provides RedisStore: the farm backend on Redis, with the key schema of docs/redis-keys.md.
// Every write that must be atomic is one Lua script; all I/O goes through RedisClient's thread.
#pragma once

#include <memory>

#include "store/redis_client.hpp"
#include "store/store.hpp"
#include "store/store_options.hpp"
#include "store/store_overrides.hpp"

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
  // Every port of Store (the list is in store/store_overrides.hpp).
  OMEGA_STORE_PORT_OVERRIDES()

  // Records many orders as one pipeline of scripts (one round trip); one outcome per order.
  Result<std::vector<AppendOutcome>> append_orders(std::span<const OrderRecord> orders);

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
