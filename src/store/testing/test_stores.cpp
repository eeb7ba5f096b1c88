#include "store/testing/test_stores.hpp"

#include <atomic>
#include <cstdlib>

#include <fmt/format.h>
#include <unistd.h>

#include "store/redis_connection.hpp"

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

}  // namespace omega::store::testing
