#include "analytics/indicators/test_data.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <zlib.h>

namespace omega::indicators::testing {
namespace {

// Reads every line of a gzip file; throws because a missing fixture is a broken checkout.
std::vector<std::string> read_gz_lines(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  std::string line;
  char buf[4096];
  while (gzgets(file, buf, sizeof(buf)) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  if (!line.empty()) lines.push_back(line);
  gzclose(file);
  return lines;
}

// Splits a CSV line on commas, keeping quoted fields whole.
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::string talib_dir() {
  return OMEGA_TALIB_DIR;
}

}  // namespace

const OwnedBars& btc_1h() {
  static const OwnedBars cached = [] {
    OwnedBars bars;
    const auto lines = read_gz_lines(std::string(OMEGA_DATA_DIR) +
                                     "/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
    for (std::size_t i = 1; i < lines.size(); ++i) {
      const auto f = split(lines[i]);
      if (f.size() < 6) continue;
      bars.ts_ns.push_back(std::stoll(f[0]) * 1'000'000);
      bars.open.push_back(std::stod(f[1]));
      bars.high.push_back(std::stod(f[2]));
      bars.low.push_back(std::stod(f[3]));
      bars.close.push_back(std::stod(f[4]));
      bars.volume.push_back(std::stod(f[5]));
    }
    return bars;
  }();
  return cached;
}

Reference talib_reference(const std::string& name) {
  const auto lines = read_gz_lines(talib_dir() + "/" + name + ".csv.gz");
  Reference ref;
  const auto header = split(lines.at(0));
  ref.names.assign(header.begin() + 2, header.end());
  ref.columns.resize(ref.names.size());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i]);
    for (std::size_t k = 0; k < ref.names.size(); ++k) {
      const std::string& cell = k + 2 < f.size() ? f[k + 2] : std::string();
      ref.columns[k].push_back(cell.empty() ? std::nan("") : std::stod(cell));
    }
  }
  return ref;
}

std::vector<std::pair<std::string, int>> talib_lookbacks() {
  const auto lines = read_gz_lines(talib_dir() + "/lookbacks.csv.gz");
  std::vector<std::pair<std::string, int>> out;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto f = split(lines[i]);
    out.emplace_back(f.at(0), std::stoi(f.at(2)));
  }
  return out;
}

}  // namespace omega::indicators::testing
