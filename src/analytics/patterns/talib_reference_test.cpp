// Checks CDLENGULFING bar for bar against TA-Lib 0.6's output on the bundled BTC/USDT 1h file
// (tests/data/talib/cdlengulfing.csv.gz, see PROVENANCE.md there).
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

TEST(TalibReference, EngulfingMatchesEveryBar) {
  // strtod rounds correctly, as the parser that fed TA-Lib did, so the doubles are identical.
  std::vector<double> open, high, low, close;
  const auto bars = gz_lines(std::string(OMEGA_DATA_DIR) +
                             "/market/binance_btcusdt_1h_2017-08-17_2024-04-21.csv.gz");
  for (std::size_t i = 1; i < bars.size(); ++i) {
    const auto f = split(bars[i]);
    ASSERT_GE(f.size(), 5u);
    open.push_back(std::strtod(f[1].c_str(), nullptr));
    high.push_back(std::strtod(f[2].c_str(), nullptr));
    low.push_back(std::strtod(f[3].c_str(), nullptr));
    close.push_back(std::strtod(f[4].c_str(), nullptr));
  }
  std::vector<int> out(close.size());
  cdl_engulfing({open, high, low, close}, out);

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

}  // namespace
}  // namespace omega::patterns
