// Book matching on the bundled Binance spot capture: a market order walks the reconstructed
// book exactly as an independent replay of the same file computes it.
#include <filesystem>

#include <gtest/gtest.h>

#include "backtest/backtest_engine.hpp"
#include "backtest/script_bot_testing.hpp"
#include "data/market_capture.hpp"

namespace omega::backtest {
namespace {

TEST(BookReplay, MarketBuyWalksTheBundledSpotBook) {
  const auto capture =
      data::read_binance_capture(std::filesystem::path(OMEGA_REPO_DATA_DIR) / "orderbook" /
                                 "binance_spot_btcusdt_ws_2024-08-08.jsonl.gz");
  ASSERT_TRUE(capture.ok()) << capture.error().to_string();
  EXPECT_EQ(capture->price_precision, 2);
  EXPECT_EQ(capture->trades.size(), 9757u);

  InstrumentSpec spec;
  spec.symbol = Symbol::parse("BTC/USDT").value();
  spec.price_tick = Price::parse("0.01").value();
  spec.lot_step = Quantity::parse("0.00001").value();
  BacktestConfig config;
  config.instrument =
      engine::AccountInstrument{Instrument::create(spec).value(), MarginMode::kCross, 1, {}};
  config.fees = FeeSchedule{Rate::parse("0.001").value(), Rate::parse("0.001").value()};
  config.starting_balance = Money::parse("200000").value();
  config.book_matching = true;
  auto engine = BacktestEngine::create(config).value();
  auto bot = std::make_unique<testing::ScriptBot>();
  engine::SubmitOrder buy;
  buy.side = OrderSide::kBuy;
  buy.type = OrderType::kMarket;
  buy.quantity = Quantity::parse("2").value();
  bot->script = {{10, {buy}}};
  testing::ScriptBot* script = bot.get();
  ASSERT_TRUE(engine->add_bot(std::move(bot), engine::BotId("s"), Config()).ok());
  const auto result = engine->run_book(*capture, std::chrono::seconds(1)).value();
  EXPECT_EQ(result.bars, 345u);

  // Expected from a separate replay of the file (snapshot + diffs by Binance's rules, 1 s bars
  // from trade times): when the 11th bar closes, the first event after it (at
  // 1723161266.013 s) meets an ask side whose best 24 levels hold the 2 BTC.
  std::vector<engine::OrderUpdated> fills;
  for (const auto& u : script->orders) {
    if (u.kind == engine::OrderUpdateKind::kFilled ||
        u.kind == engine::OrderUpdateKind::kPartiallyFilled) {
      fills.push_back(u);
    }
  }
  ASSERT_EQ(fills.size(), 24u);
  EXPECT_EQ(fills.front().fill_price, Price::parse("61828.58").value());
  EXPECT_EQ(fills.front().fill_quantity, Quantity::parse("0.09011").value());
  EXPECT_EQ(fills.back().fill_price, Price::parse("61837.09").value());
  EXPECT_EQ(fills.back().fill_quantity, Quantity::parse("0.0239").value());
  EXPECT_EQ(fills.back().kind, engine::OrderUpdateKind::kFilled);
  EXPECT_EQ(fills.back().ts, Timestamp(1'723'161'266'013'000'000));
  ASSERT_EQ(result.orders.size(), 1u);
  EXPECT_EQ(result.orders[0].filled_notional, Money::parse("123670.3849597").value());
  EXPECT_EQ(engine->portfolio().position(0).quantity(), Quantity::parse("2").value());
}

}  // namespace
}  // namespace omega::backtest
