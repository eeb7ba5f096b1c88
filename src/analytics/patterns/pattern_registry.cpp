#include "analytics/patterns/pattern_registry.hpp"

#include <array>
#include <cctype>
#include <string>

#include <fmt/format.h>

#include "analytics/patterns/single_bar_patterns.hpp"
#include "analytics/patterns/three_bar_patterns.hpp"
#include "analytics/patterns/two_bar_patterns.hpp"

namespace omega::patterns {
namespace {

struct Entry {
  Pattern pattern;
  std::string_view name;
  std::string_view talib;
  int lookback;
  void (*run)(const OhlcSpans&, std::span<int>);
};

// Stars and dark cloud cover take a penetration; the table runs them with TA-Lib's default.
constexpr std::array kEntries = {
    Entry{Pattern::kDoji, "doji", "CDLDOJI", 10, cdl_doji},
    Entry{Pattern::kDragonflyDoji, "dragonfly-doji", "CDLDRAGONFLYDOJI", 10, cdl_dragonfly_doji},
    Entry{Pattern::kGravestoneDoji, "gravestone-doji", "CDLGRAVESTONEDOJI", 10,
          cdl_gravestone_doji},
    Entry{Pattern::kHammer, "hammer", "CDLHAMMER", 11, cdl_hammer},
    Entry{Pattern::kHangingMan, "hanging-man", "CDLHANGINGMAN", 11, cdl_hanging_man},
    Entry{Pattern::kInvertedHammer, "inverted-hammer", "CDLINVERTEDHAMMER", 11,
          cdl_inverted_hammer},
    Entry{Pattern::kShootingStar, "shooting-star", "CDLSHOOTINGSTAR", 11, cdl_shooting_star},
    Entry{Pattern::kMarubozu, "marubozu", "CDLMARUBOZU", 10, cdl_marubozu},
    Entry{Pattern::kSpinningTop, "spinning-top", "CDLSPINNINGTOP", 10, cdl_spinning_top},
    Entry{Pattern::kEngulfing, "engulfing", "CDLENGULFING", 2, cdl_engulfing},
    Entry{Pattern::kHarami, "harami", "CDLHARAMI", 11, cdl_harami},
    Entry{Pattern::kPiercing, "piercing", "CDLPIERCING", 11, cdl_piercing},
    Entry{Pattern::kDarkCloudCover, "dark-cloud-cover", "CDLDARKCLOUDCOVER", 11,
          [](const OhlcSpans& b, std::span<int> o) { cdl_dark_cloud_cover(b, o); }},
    Entry{Pattern::kTweezerTop, "tweezer-top", "", 6, tweezer_top},
    Entry{Pattern::kTweezerBottom, "tweezer-bottom", "", 6, tweezer_bottom},
    Entry{Pattern::kMorningStar, "morning-star", "CDLMORNINGSTAR", 12,
          [](const OhlcSpans& b, std::span<int> o) { cdl_morning_star(b, o); }},
    Entry{Pattern::kEveningStar, "evening-star", "CDLEVENINGSTAR", 12,
          [](const OhlcSpans& b, std::span<int> o) { cdl_evening_star(b, o); }},
    Entry{Pattern::kThreeWhiteSoldiers, "three-white-soldiers", "CDL3WHITESOLDIERS", 12,
          cdl_three_white_soldiers},
    Entry{Pattern::kThreeBlackCrows, "three-black-crows", "CDL3BLACKCROWS", 13,
          cdl_three_black_crows},
};

constexpr std::array kAll = [] {
  std::array<Pattern, kEntries.size()> all{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) all[i] = kEntries[i].pattern;
  return all;
}();

const Entry& entry(Pattern p) {
  return kEntries[static_cast<std::size_t>(p)];
}

std::string fold(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::span<const Pattern> all_patterns() {
  return kAll;
}

std::string_view to_string(Pattern pattern) {
  return entry(pattern).name;
}

std::string_view talib_name(Pattern pattern) {
  return entry(pattern).talib;
}

Result<Pattern> parse_pattern(std::string_view text) {
  const std::string want = fold(text);
  for (const Entry& e : kEntries) {
    if (!want.empty() && (fold(e.name) == want || fold(e.talib) == want)) return e.pattern;
  }
  std::string known;
  for (const Entry& e : kEntries) known += fmt::format("{}{}", known.empty() ? "" : ", ", e.name);
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown pattern '{}' (known: {})", text, known));
}

int lookback(Pattern pattern) {
  return entry(pattern).lookback;
}

void run_pattern(Pattern pattern, const OhlcSpans& bars, std::span<int> out) {
  entry(pattern).run(bars, out);
}

}  // namespace omega::patterns
