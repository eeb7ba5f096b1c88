// Provides helpers for store tests: temporary directories, the harness Redis URL
// (OMEGA_TEST_REDIS_URL, set by scripts/with-redis.sh) and a unique key prefix per test.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"
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

// Opens a new, empty, migrated store of `backend`: "sqlite" (a new file in `dir`) or "redis"
// (the harness server under a fresh prefix, appended to `redis_opened` so the test can delete
// it). Returns nullptr for "redis" when OMEGA_TEST_REDIS_URL is unset; fails when opening fails.
Result<std::unique_ptr<Store>> open_test_store(std::string_view backend,
                                               const std::filesystem::path& dir,
                                               std::vector<RedisOptions>& redis_opened);

}  // namespace omega::store::testing
