// Provides helpers for store tests: temporary directories, the harness Redis URL
// (OMEGA_TEST_REDIS_URL, set by scripts/with-redis.sh) and a unique key prefix per test.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/store_options.hpp"

namespace omega::store::testing {

// A directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Returns the harness Redis options with a fresh "omega:test:<pid>:<n>:" prefix, or nullopt
// when OMEGA_TEST_REDIS_URL is unset (tests then skip: they never touch another Redis).
std::optional<RedisOptions> harness_redis();

// Deletes every key under `options.key_prefix` (only ever a test prefix).
Status delete_prefix(const RedisOptions& options);

}  // namespace omega::store::testing
