// No look-ahead: a bot fed a truncated series makes exactly the decisions it made on the full
// series up to the cut (same orders, same times, same terms).
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "bots/bot_registry.hpp"
#include "data/candle_reader.hpp"

namespace omega {
namespace {

backtest::BacktestConfig config_for(bool perp) {
  InstrumentSpec spec;
  spec.symbol = Symbol::parse(perp ? "BTC/USDT:USDT" : "BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse(perp ? "0.001" : "0.00000001").value();
  spec.max_leverage = 125;
  spec.maker_fee = Rate::parse("0.0002").value();
  spec.taker_fee = Rate::parse("0.0005").value();
  backtest::BacktestConfig c;
  c.instrument = engine::AccountInstrument{
      Instrument::create(spec).value(), MarginMode::kCross, perp ? 5 : 1, {}};
  c.starting_balance = Money::parse("10000").value();
  return c;
}

// The decision a bot made: what it asked for and when, not what the venue did with it.
std::vector<std::string> decisions(const backtest::BacktestResult& r, Timestamp before) {
  std::vector<std::string> out;
  for (const auto& o : r.orders) {
    if (o.ts_submitted >= before) continue;
    if (o.tag == "stop_loss" || o.tag == "take_profit") continue;  // placed by fills, not bots
    out.push_back(o.id.value() + " " + format_iso8601(o.ts_submitted) + " " +
                  std::string(to_string(o.side)) + " " + std::string(to_string(o.type)) + " " +
                  (o.price ? o.price->to_string() : "-") + " " + o.tag);
  }
  return out;
}

backtest::BacktestResult run(const char* bot, bool perp, const data::CandleSeries& bars) {
  auto engine = backtest::BacktestEngine::create(config_for(perp)).value();
  EXPECT_TRUE(engine->add_bot(bots::make_bot(bot).value(), engine::BotId(bot), Config()).ok());
  return engine->run(bars).value();
}

class NoLookAhead : public ::testing::TestWithParam<std::pair<const char*, bool>> {};

TEST_P(NoLookAhead, TruncatedSeriesGivesTheSameDecisionsUpToTheCut) {
  const auto path =
      std::filesystem::path(OMEGA_TESTS_DATA_DIR) / "backtest" / "synthetic_1m_100k.csv.gz";
  auto read = data::read_candles(path);
  ASSERT_TRUE(read.ok());
  const auto& full = read->series;
  const std::size_t cut = 40'000;
  std::vector<std::size_t> rows(cut);
  for (std::size_t i = 0; i < cut; ++i) rows[i] = i;
  const auto head = full.gather(rows);
  const auto [bot, perp] = GetParam();
  const auto whole = run(bot, perp, full);
  const auto part = run(bot, perp, head);
  // Decisions at the close of bar cut-1 happen at open_time(cut), inside both runs.
  const Timestamp until = full.open_time(cut) + std::chrono::nanoseconds(1);
  const auto a = decisions(whole, until);
  const auto b = decisions(part, until);
  ASSERT_GT(a.size(), 10u);
  EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(Bots, NoLookAhead,
                         ::testing::Values(std::make_pair("sma_cross", false),
                                           std::make_pair("fibonacci_trader", true)));

}  // namespace
}  // namespace omega
