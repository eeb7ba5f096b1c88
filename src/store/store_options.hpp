// Provides StoreOptions: which backend to open and how, parsed from a store URL
// ("sqlite:PATH", "redis://[user[:password]@]host[:port][/db][?prefix=omega:x:]") or from the
// `store:` section of the configuration, where the password comes from a secret.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/result.hpp"
#include "store/store_health.hpp"

namespace omega::store {

// How to reach and use a Redis server.
struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::string username;  // empty: AUTH with the password only (requirepass)
  std::string password;  // a secret: never logged (describe() hides it)
  std::string key_prefix = "omega:";
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{2000};
  std::chrono::milliseconds backoff_initial{50};
  std::chrono::milliseconds backoff_max{2000};
  WhenDown when_down = WhenDown::kHalt;
  std::size_t max_buffered = 100'000;     // writes queued while down; more are refused
  std::int64_t stream_max_len = 100'000;  // XADD MAXLEN ~ for event streams
};

// How to open a SQLite file.
struct SqliteOptions {
  std::filesystem::path path;
  // Caps every event stream and the signals at about this many entries, and the audit log at
  // 100 times that, checked every tenth of it (at most every 1024 appends), as Redis' XADD
  // MAXLEN ~ does (RedisOptions::stream_max_len); 0: no cap.
  std::int64_t stream_max_len = 100'000;
};

// Which backend and its options.
struct StoreOptions {
  enum class Backend : std::uint8_t { kSqlite, kRedis };
  Backend backend = Backend::kSqlite;
  SqliteOptions sqlite;
  RedisOptions redis;
};

// Parses a store URL; fails (kParse) naming the part that is wrong.
Result<StoreOptions> parse_store_url(std::string_view url);

// Reads a `store:` section: url (required), username, password (use {secret_env: NAME} or
// {secret_file: PATH}), when_down (halt|buffer), connect_timeout, command_timeout, max_buffered,
// and `retention` (read by retention_from_config in store/retention.hpp).
Result<StoreOptions> store_options_from_config(const Config& section);

// Describes the options for logs and errors, with the password shown as "***".
std::string describe(const StoreOptions& options);

}  // namespace omega::store
