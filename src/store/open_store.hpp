// Provides open_store: the one place that picks the backend from StoreOptions.
#pragma once

#include <memory>

#include "core/result.hpp"
#include "store/store.hpp"
#include "store/store_options.hpp"

namespace omega::store {

// Opens the backend the options name. SQLite files are migrated to the current schema; a
// Redis keyspace must be migrated explicitly (`omega store migrate`) or by `migrate()`.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

}  // namespace omega::store
