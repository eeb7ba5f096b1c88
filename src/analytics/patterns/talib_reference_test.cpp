// Checks the patterns bar for bar against TA-Lib's output on the bundled BTC/USDT 1h file:
// CDLENGULFING from the project's shared reference (tests/data/talib/cdlengulfing.csv.gz) and
// every other TA-Lib pattern from tests/data/talib-patterns/ (see PROVENANCE.md in each).
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

#include "analytics/patterns/pattern_registry.hpp"
#include "analytics/patterns/two_bar_patterns.hpp"

namespace omega::patterns {
namespace {

// Reads the lines of a gzip file; a missing fixture is a broken checkout, so it throws.
std::vector<std::string> gz_lines(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> lines;
  std::string line;
  char buf[4096];
  while (gzgets(f, buf, sizeof(buf)) != nullptr) {
    line += buf;
    if (line.back() == '\n') {
      line.pop_back();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  if (!line.empty()) lines.push_back(line);
  gzclose(f);
  return lines;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out(1);
  for (const char c : line) {
    if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

struct Columns {
  std::vector<double> open, high, low, close;
};

// strtod rounds correctly, as the parser that fed TA-Lib did, so the doubles are identical.
const Columns& btc_1h() {
  static const Columns cached = [] {
    Columns c;
    const auto bars = gz_lines(std::string(OMEGA_DATA_DIR) +
                               "/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
    for (std::size_t i = 1; i < bars.size(); ++i) {
      const auto f = split(bars[i]);
      if (f.size() < 5) throw std::runtime_error("short row in the 1h file");
      c.open.push_back(std::strtod(f[1].c_str(), nullptr));
      c.high.push_back(std::strtod(f[2].c_str(), nullptr));
      c.low.push_back(std::strtod(f[3].c_str(), nullptr));
      c.close.push_back(std::strtod(f[4].c_str(), nullptr));
    }
    return c;
  }();
  return cached;
}

TEST(TalibReference, EngulfingMatchesEveryBar) {
  const Columns& c = btc_1h();
  const auto& close = c.close;
  std::vector<int> out(close.size());
  cdl_engulfing({c.open, c.high, c.low, c.close}, out);

  const auto ref = gz_lines(std::string(OMEGA_TALIB_DIR) + "/cdlengulfing.csv.gz");
  ASSERT_EQ(ref.size(), close.size() + 1);
  std::size_t compared = 0;
  std::size_t nonzero = 0;
  for (std::size_t r = 1; r < ref.size(); ++r) {
    const auto f = split(ref[r]);
    const std::size_t i = r - 1;
    ASSERT_EQ(std::stoul(f[0]), i);
    if (f.size() < 3 || f[2].empty()) {
      EXPECT_LT(i, static_cast<std::size_t>(lookback(Pattern::kEngulfing)));
      continue;
    }
    EXPECT_EQ(out[i], std::stoi(f[2])) << "bar " << i << " " << f[1];
    ++compared;
    nonzero += out[i] != 0;
  }
  EXPECT_EQ(compared, close.size() - 2);
  EXPECT_EQ(nonzero, 2754u + 2757u + 2310u + 2247u);
  RecordProperty("compared", static_cast<int>(compared));
}

// One column per TA-Lib function, named like "cdl3whitesoldiers"; empty before the lookback.
TEST(TalibReference, EveryTalibPatternMatchesEveryBar) {
  const Columns& c = btc_1h();
  const OhlcSpans bars{c.open, c.high, c.low, c.close};
  const auto ref = gz_lines(std::string(OMEGA_TALIB_PATTERNS_DIR) + "/cdl_patterns.csv.gz");
  ASSERT_EQ(ref.size(), c.close.size() + 1);
  const auto header = split(ref[0]);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(ref.size() - 1);
  for (std::size_t r = 1; r < ref.size(); ++r) rows.push_back(split(ref[r]));
  int checked_patterns = 0;
  for (const Pattern p : all_patterns()) {
    if (talib_name(p).empty()) continue;
    std::string column(talib_name(p));
    for (char& ch : column) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const auto it = std::find(header.begin(), header.end(), column);
    ASSERT_NE(it, header.end()) << column;
    const auto k = static_cast<std::size_t>(it - header.begin());
    std::vector<int> out(c.close.size());
    run_pattern(p, bars, out);
    std::size_t mismatches = 0;
    std::size_t nonzero = 0;
    std::size_t first_output = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string& want = rows[i].at(k);
      if (want.empty()) continue;
      first_output = std::min(first_output, i);
      const int w = std::stoi(want);
      nonzero += w != 0;
      if (out[i] != w && ++mismatches <= 3) {
        ADD_FAILURE() << column << " bar " << i << ": got " << out[i] << ", TA-Lib " << w;
      }
    }
    EXPECT_EQ(mismatches, 0u) << column;
    EXPECT_EQ(first_output, static_cast<std::size_t>(lookback(p))) << column;
    EXPECT_GT(nonzero, 0u) << column << " never fires: the comparison would prove little";
    ++checked_patterns;
  }
  EXPECT_EQ(checked_patterns, 17);
}

}  // namespace
}  // namespace omega::patterns
