#include "analytics/cosmic/testing/astro_reference.hpp"

#include <sstream>

#include <zlib.h>

namespace omega::cosmic::testing {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    out.push_back(field);
  }
  return out;
}

}  // namespace

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) {
      return i;
    }
  }
  OMEGA_ASSERT(false, "missing column in reference table");
  return 0;
}

std::string astro_data_dir() {
  return OMEGA_ASTRO_DATA_DIR;
}

Result<CsvTable> read_astro_csv(const std::string& file) {
  const std::string path = astro_data_dir() + "/" + file;
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) {
    return Error(ErrorCode::kNotFound, "cannot open " + path);
  }
  CsvTable table;
  char buffer[4096];
  bool first = true;
  while (gzgets(gz, buffer, sizeof(buffer)) != nullptr) {
    std::string line(buffer);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
      line.pop_back();
    }
    if (line.empty()) {
      continue;
    }
    if (first) {
      table.header = split(line);
      first = false;
    } else {
      table.rows.push_back(split(line));
    }
  }
  gzclose(gz);
  return table;
}

}  // namespace omega::cosmic::testing
