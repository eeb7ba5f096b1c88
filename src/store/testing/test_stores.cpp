#include "store/testing/test_stores.hpp"

#include <atomic>
#include <cstdlib>

#include <fmt/format.h>
#include <unistd.h>

#include "store/redis_connection.hpp"
#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"

namespace omega::store::testing {

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "omega-store-test.XXXXXX").string();
  if (::mkdtemp(templ.data()) != nullptr) path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::optional<RedisOptions> harness_redis() {
  const char* url = std::getenv("OMEGA_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  auto parsed = parse_store_url(url);
  if (!parsed.ok() || parsed->backend != StoreOptions::Backend::kRedis) return std::nullopt;
  static std::atomic<int> counter{0};
  RedisOptions o = parsed->redis;
  o.key_prefix = fmt::format("omega:test:{}:{}:", ::getpid(), counter++);
  return o;
}

Status delete_prefix(const RedisOptions& options) {
  if (!options.key_prefix.starts_with("omega:test:")) {
    return Error(ErrorCode::kInvalidArgument, "delete_prefix only deletes test prefixes");
  }
  OMEGA_ASSIGN_OR_RETURN(auto conn, RedisConnection::open(options));
  std::string cursor = "0";
  do {
    OMEGA_ASSIGN_OR_RETURN(
        RedisReply r,
        conn->command({"SCAN", cursor, "MATCH", options.key_prefix + "*", "COUNT", "1000"}));
    if (r.elements.size() != 2) return Error(ErrorCode::kIo, "SCAN: unexpected reply");
    cursor = r.elements[0].str;
    RedisCommand del{"DEL"};
    for (const RedisReply& k : r.elements[1].elements) del.push_back(k.str);
    if (del.size() > 1) OMEGA_TRY(conn->command(del));
  } while (cursor != "0");
  return ok_status();
}

Result<std::unique_ptr<Store>> open_test_store(std::string_view backend,
                                               const std::filesystem::path& dir,
                                               std::vector<RedisOptions>& redis_opened) {
  static std::atomic<int> files{0};
  if (backend == "sqlite") {
    OMEGA_ASSIGN_OR_RETURN(auto s,
                           SqliteStore::open(SqliteOptions{dir / fmt::format("t{}.db", files++)}));
    return std::unique_ptr<Store>(std::move(s));
  }
  auto options = harness_redis();
  if (!options) return std::unique_ptr<Store>();
  redis_opened.push_back(*options);
  OMEGA_ASSIGN_OR_RETURN(auto r, RedisStore::open(*options));
  OMEGA_TRY(r->migrate());
  return std::unique_ptr<Store>(std::move(r));
}

}  // namespace omega::store::testing
