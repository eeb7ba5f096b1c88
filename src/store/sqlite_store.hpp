// Provides SqliteStore: the embedded backend, one SQLite file in WAL mode with
// synchronous=FULL, forward-only migrations, an integrity check on open and an embedded event
// stream. sqlite3.h stays in sqlite_store.cpp.
#pragma once

#include <memory>

#include "store/store.hpp"
#include "store/store_options.hpp"
#include "store/store_overrides.hpp"

namespace omega::store {

// The schema version this build writes; open() migrates older files up to it.
inline constexpr int kSqliteSchemaVersion = 2;

// Thread-safe: calls are serialised on one connection. Pub/sub is in-process (InProcessBus).
class SqliteStore final : public Store {
 public:
  // Controls open().
  struct OpenOptions {
    bool migrate = true;  // false: fail unless the schema is already current (check, export)
  };

  // Opens or creates the file; fails with a clear error (nothing written) for a file that is
  // not SQLite, is corrupt, belongs to another program, or has a newer schema.
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options,
                                                   OpenOptions open_options);
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteOptions& options) {
    return open(options, OpenOptions{});
  }
  ~SqliteStore() override;

  std::string_view backend() const override { return "sqlite"; }
  // Every port of Store (the list is in store/store_overrides.hpp).
  OMEGA_STORE_PORT_OVERRIDES()

  // A write batch is one BEGIN IMMEDIATE .. COMMIT holding the store's lock; each write inside
  // runs in its own savepoint.
  Result<bool> begin_batch() override;
  Status commit_batch() override;
  Status rollback_batch() override;

  // Records many orders in one transaction (one fsync); returns one outcome per order.
  Result<std::vector<AppendOutcome>> append_orders(std::span<const OrderRecord> orders);

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::store
