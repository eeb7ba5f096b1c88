// Provides export_store and import_store: every store as JSON lines (the order and fill ledger,
// position snapshots, candles, signals, bot state with versions, metric series, user settings
// and the audit log), with a header and an end line that counts the records, so a half-written
// file is detected and refused before anything is imported. Version 3 adds the event streams:
// their entries and consumer groups (how far each group was delivered, its pending entries).
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
  std::size_t stream_entries = 0;
  std::size_t stream_groups = 0;
  std::size_t stream_pending = 0;
};

// Controls import_store.
struct ImportOptions {
  // Restore the file's event streams (replacing each such stream on the target). False leaves
  // the target's streams alone (and lets a file be merged into a store with streams of its own).
  bool streams = true;
};

// Writes a header line, then one line per record: orders and fills in ledger order, positions,
// candles, signals in stream order, bot state, metric points, settings, the audit log in log
// order, the event streams by name (entries oldest first, then each group and its pending
// entries, which refer to entries by position), then the end line. Keyed records are sorted by
// key and series run oldest first, so the same content gives the same bytes on either backend.
Result<StoreCounts> export_store(Store& store, std::ostream& out);

// Reads and validates the whole file first (every line, header, end-line counts); only then
// writes it. Also reads version 1 files (`omega_ledger_export`, ledger only). Importing twice
// changes nothing: ledger appends are idempotent, candles, metric points and settings replace
// what has their key, bot state is written only over a lower version, and signals and audit
// entries already present (same fields) are skipped. Positions are rebuilt from the fills and
// then compared with the file's. Streams are restored after the records (replacing what the
// record writes appended to them), and only into a target whose stream holds nothing the file
// does not (checked before anything is written). Fails naming the line for a malformed or
// truncated file, with nothing written.
Result<StoreCounts> import_store(Store& store, std::istream& in, const ImportOptions& options);
inline Result<StoreCounts> import_store(Store& store, std::istream& in) {
  return import_store(store, in, ImportOptions{});
}

}  // namespace omega::store
