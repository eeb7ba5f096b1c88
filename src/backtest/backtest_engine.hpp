// Provides BacktestEngine: replays bars (and optional finer detail bars) through the same
// Kernel that paper and live runs use, with a SimulatedExchange as the venue, and collects the
// equity curve, round trips and every order's fate.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "backtest/book_exchange.hpp"
#include "backtest/simulated_exchange.hpp"
#include "core/config.hpp"
#include "core/timeframe.hpp"
#include "data/candle_series.hpp"
#include "data/market_capture.hpp"
#include "engine/bot.hpp"
#include "engine/kernel.hpp"
#include "engine/portfolio.hpp"
#include "engine/risk_engine.hpp"

namespace omega::backtest {

// What a backtest runs on.
struct BacktestConfig {
  Money starting_balance = Money::from_raw_unchecked(10'000, 0);
  int money_precision = 10;
  std::optional<engine::AccountInstrument> instrument;  // required
  std::optional<FeeSchedule> fees;                      // empty: the instrument's own maker/taker
  SimulatedExchangeConfig exchange;
  engine::RiskLimits risk;
  std::optional<Timeframe> timeframe;  // empty: detected from the bars
  // Match against a replayed L2 book and trade tape (run_book) instead of bars (run).
  bool book_matching = false;
  // Called with (bars replayed, bars in total) every `progress_every` bars (0: about every
  // 0.5 % of the run) and once at the end; empty: never. run_book reports capture events.
  // The loop pays one counter compare per bar for it.
  std::function<void(std::size_t done, std::size_t total)> progress;
  std::size_t progress_every = 0;
};

// The account's equity after one bar closed.
struct EquityPoint {
  Timestamp ts;  // the bar's close time
  Money equity;
  bool in_position = false;
};

// One order and its fate (the last event decides the status).
struct OrderRecord {
  ClientOrderId id;
  engine::BotId bot;
  Timestamp ts_submitted;
  Timestamp ts_last;
  OrderSide side = OrderSide::kBuy;
  OrderType type = OrderType::kMarket;
  Quantity quantity;
  Quantity filled_quantity;
  Money filled_notional;
  Money fees;
  std::optional<Price> price;
  std::optional<Price> trigger_price;
  bool reduce_only = false;
  engine::OrderUpdateKind status = engine::OrderUpdateKind::kSubmitted;
  std::string reason;
  std::string tag;
};

// Everything a run produced.
struct BacktestResult {
  std::vector<EquityPoint> equity;
  std::vector<engine::RoundTrip> trips;
  std::vector<OrderRecord> orders;
  std::vector<engine::NotificationRaised> notifications;
  std::vector<engine::SignalPublished> signals;  // every signal the bots published, in order
  std::vector<std::pair<engine::BotId, engine::BotMetrics>> bot_metrics;
  Money starting_balance;
  Money final_equity;
  Money fees_paid;
  Money funding_paid;
  std::size_t bars = 0;
  Timestamp first_open;
  Timestamp last_close;
  Timeframe timeframe;
  // The bars run_book built from the capture's trades (what the bots saw); empty after run,
  // whose bars the caller holds.
  data::CandleSeries built_bars;
};

// One backtest: build it, add bots, run once.
class BacktestEngine {
 public:
  // Builds the account, exchange and kernel; fails on a bad instrument or leverage.
  static Result<std::unique_ptr<BacktestEngine>> create(BacktestConfig config);

  // Adds a bot (its parameters are validated here).
  Status add_bot(std::unique_ptr<engine::Bot> bot, const engine::BotId& id, const Config& params);
  // Replays `bars`; with `detail`, orders match against the detail bars inside each bar.
  Result<BacktestResult> run(const data::CandleSeries& bars,
                             const data::CandleSeries* detail = nullptr);
  // Replays a recorded session (needs config.book_matching): the book follows the depth
  // stream, orders fill against it and the trade prints (BookExchange), and the bots see bars
  // of `bar` built from the trades, each delivered when the first event after its end arrives.
  Result<BacktestResult> run_book(const data::MarketCapture& capture, Duration bar);

  engine::Kernel& kernel() { return *kernel_; }
  const engine::Portfolio& portfolio() const { return portfolio_; }

 private:
  explicit BacktestEngine(BacktestConfig config);
  void record(const engine::OrderUpdated& update);
  void finish(BacktestResult& result);

  BacktestConfig config_;
  engine::Portfolio portfolio_;
  engine::SimulatedClock clock_;
  std::unique_ptr<SimulatedExchange> exchange_;
  std::unique_ptr<BookExchange> book_exchange_;
  std::unique_ptr<engine::Kernel> kernel_;
  std::vector<OrderRecord> orders_;
  std::vector<std::uint32_t> seq_index_;  // OrderUpdated::order_seq -> orders_ index + 1
  std::vector<engine::NotificationRaised> notifications_;
  std::vector<engine::SignalPublished> signals_;
  bool ran_ = false;
};

}  // namespace omega::backtest
