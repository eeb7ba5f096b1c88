// Provides a reader for the gzipped CSV reference tables in tests/data/astro (test support).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace omega::cosmic::testing {

// A CSV table: the header names and the rows as text fields.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Returns the index of a column; asserts that it exists.
  std::size_t column(const std::string& name) const;
};

// Reads `tests/data/astro/<file>` (gzip) into a table.
Result<CsvTable> read_astro_csv(const std::string& file);

// Returns the directory that holds the astronomical reference data.
std::string astro_data_dir();

}  // namespace omega::cosmic::testing
