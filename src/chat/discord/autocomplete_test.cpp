#include "chat/discord/autocomplete.hpp"

#include <random>

#include <gtest/gtest.h>

#include "chat/market_data_port.hpp"

namespace omega::chat::discord {
namespace {

const std::vector<std::string> kSymbols = {"ETH/USDT",    "BTC/USDT:USDT", "BTC/USDT",  "SOL/BTC",
                                           "WBTC/USDT",   "BTC/EUR",       "DOGE/USDT", "ETH/BTC",
                                           "BTCDOM/USDT", "ETH/USDT:USDT"};

std::vector<std::string> names(const std::vector<AutocompleteChoice>& choices) {
  std::vector<std::string> out;
  for (const auto& c : choices) {
    EXPECT_EQ(c.name, c.value);
    out.push_back(c.name);
  }
  return out;
}

TEST(RankSymbols, PrefixesComeBeforeSubstringsCaseInsensitive) {
  EXPECT_EQ(names(rank_symbols("bt", kSymbols)),
            (std::vector<std::string>{"BTC/EUR", "BTC/USDT", "BTCDOM/USDT", "BTC/USDT:USDT",
                                      "ETH/BTC", "SOL/BTC", "WBTC/USDT"}));
}

TEST(RankSymbols, ExactMatchFirstAndSeparatorsOptional) {
  EXPECT_EQ(names(rank_symbols("btc/usdt", kSymbols)).front(), "BTC/USDT");
  EXPECT_EQ(names(rank_symbols("BTCUSDT", kSymbols)),
            (std::vector<std::string>{"BTC/USDT", "BTC/USDT:USDT", "WBTC/USDT"}));
  EXPECT_EQ(names(rank_symbols(" ethbtc ", kSymbols)), (std::vector<std::string>{"ETH/BTC"}));
}

TEST(RankSymbols, SubstringsOfTheQuote) {
  EXPECT_EQ(names(rank_symbols("eur", kSymbols)), (std::vector<std::string>{"BTC/EUR"}));
  EXPECT_TRUE(rank_symbols("xyz", kSymbols).empty());
}

TEST(RankSymbols, EmptyInputKeepsTheGivenOrder) {
  EXPECT_EQ(names(rank_symbols("", kSymbols)), kSymbols);
}

TEST(RankSymbols, NeverMoreThan25AndNoDuplicates) {
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i) many.push_back("COIN" + std::to_string(i) + "/USDT");
  many.push_back("COIN1/USDT");
  many.push_back(std::string(101, 'C'));
  const auto out = rank_symbols("coin", many);
  EXPECT_EQ(out.size(), 25u);
  EXPECT_EQ(out.front().name, "COIN0/USDT");
  EXPECT_EQ(rank_symbols("coin1/", many).size(), 11u);  // COIN1, COIN10..19, once each
  EXPECT_EQ(rank_symbols("coin", many, 3).size(), 3u);
  EXPECT_EQ(rank_symbols("c", many, 99).size(), 25u);
  for (const auto& c : rank_symbols("", many)) EXPECT_LE(c.name.size(), 100u);
}

// Property: every result contains the typed text (ignoring case, or separators), and better
// ranks never follow worse ones.
TEST(RankSymbols, SeededQueriesOnlyReturnMatchesInRankOrder) {
  std::mt19937 rng(5);
  const std::string letters = "ABCDEHLNOSTUW/";
  for (int round = 0; round < 300; ++round) {
    std::string typed;
    for (unsigned i = 0, n = rng() % 4; i < n; ++i) typed += letters[rng() % letters.size()];
    const auto out = rank_symbols(typed, kSymbols);
    EXPECT_LE(out.size(), 25u);
    for (const auto& c : out) {
      std::string s, t, cs, ct;
      for (char ch : c.name) s += static_cast<char>(std::toupper(ch));
      for (char ch : typed) t += static_cast<char>(std::toupper(ch));
      for (char ch : s)
        if (ch != '/' && ch != ':') cs += ch;
      for (char ch : t)
        if (ch != '/' && ch != ':') ct += ch;
      EXPECT_TRUE(s.find(t) != std::string::npos || cs.find(ct) != std::string::npos)
          << typed << " -> " << c.name;
    }
  }
}

TEST(AutocompleteChoices, AnswersOnlyTheFocusedSymbolOption) {
  Interaction in;
  in.type = InteractionType::kAutocomplete;
  in.command = "fib";
  in.options = {{"symbol", "eth", OptionType::kString, true}, {"timeframe", "1h"}};
  EXPECT_EQ(names(autocomplete_choices(in, kSymbols)),
            (std::vector<std::string>{"ETH/BTC", "ETH/USDT", "ETH/USDT:USDT"}));
  in.options[0].focused = false;
  EXPECT_TRUE(autocomplete_choices(in, kSymbols).empty());
  in.options[1].focused = true;
  EXPECT_TRUE(autocomplete_choices(in, kSymbols).empty());
}

TEST(AutocompleteChoices, OffersWhatTheMarketDataPortServes) {
  BundledMarketData market(OMEGA_DATA_DIR);
  const std::vector<std::string> symbols = market.symbols();
  ASSERT_FALSE(symbols.empty());
  EXPECT_EQ(names(rank_symbols("btc", symbols)), symbols);
  // Every suggestion is a symbol the chat's /fib can actually load.
  for (const std::string& s : symbols) {
    auto series = market.candles(s, *Timeframe::parse("1h"));
    EXPECT_TRUE(series.ok()) << s;
  }
}

}  // namespace
}  // namespace omega::chat::discord
