#include "store/open_store.hpp"

#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"

namespace omega::store {

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  if (options.backend == StoreOptions::Backend::kSqlite) {
    OMEGA_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> s, SqliteStore::open(options.sqlite));
    return std::unique_ptr<Store>(std::move(s));
  }
  OMEGA_ASSIGN_OR_RETURN(std::unique_ptr<RedisStore> r, RedisStore::open(options.redis));
  OMEGA_TRY(r->migrate());
  return std::unique_ptr<Store>(std::move(r));
}

}  // namespace omega::store
