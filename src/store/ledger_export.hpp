// Provides export_store and import_store: every store as JSON lines (the order and fill ledger,
// position snapshots, candles, signals, bot state with versions, metric series, user settings
// and the audit log), with a header and an end line that counts the records, so a half-written
// file is detected and refused before anything is imported. Event streams and their consumer
// groups are not exported: they are transport, and the signals are exported as records.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>

#include "core/result.hpp"
#include "store/store.hpp"

namespace omega::store {

// Counts of what an export wrote or an import read, per kind of line.
struct StoreCounts {
  std::size_t orders = 0;
  std::size_t fills = 0;
  std::size_t positions = 0;
  std::size_t candles = 0;
  std::size_t signals = 0;
  std::size_t states = 0;
  std::size_t metrics = 0;
  std::size_t settings = 0;
  std::size_t audit = 0;
};

// Writes a header line, then one line per record: orders and fills in ledger order, positions,
// candles, signals in stream order, bot state, metric points, settings, the audit log in log
// order (keyed records sorted by key, series oldest first), then the end line. The same
// content gives the same bytes on either backend.
Result<StoreCounts> export_store(Store& store, std::ostream& out);

// Reads and validates the whole file first (every line, header, end-line counts); only then
// writes it. Also reads version 1 files (`omega_ledger_export`, ledger only). Importing twice
// changes nothing: ledger appends are idempotent, candles, metric points and settings replace
// what has their key, bot state is written only over a lower version, and signals and audit
// entries already present (same fields) are skipped. Positions are rebuilt from the fills and
// then compared with the file's. Fails naming the line for a malformed or truncated file, with
// nothing written.
Result<StoreCounts> import_store(Store& store, std::istream& in);

}  // namespace omega::store
