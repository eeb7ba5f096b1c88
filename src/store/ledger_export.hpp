// Provides export_ledger and import_ledger: the order and fill ledger as JSON lines, with a
// header and a footer that counts the records, so a half-written file is detected and refused
// before anything is imported. Positions are not exported: importing the fills rebuilds them.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>

#include "core/result.hpp"
#include "store/store.hpp"

namespace omega::store {

// Counts of what an export wrote or an import read.
struct LedgerCounts {
  std::size_t orders = 0;
  std::size_t fills = 0;
};

// Writes the ledger: a header line, one line per order then per fill (ledger order), a footer.
Result<LedgerCounts> export_ledger(LedgerStore& ledger, std::ostream& out);

// Reads and validates the whole file first (every line, header, footer counts); only then
// appends it. Appends are idempotent, so importing into a store that has some of the records
// adds only the others. Fails naming the line for a malformed or truncated file, with nothing
// written.
Result<LedgerCounts> import_ledger(LedgerStore& ledger, std::istream& in);

}  // namespace omega::store
