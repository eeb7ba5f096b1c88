// Provides BacktestEngine: replays bars (and optional finer detail bars) through the same
// Kernel that paper and live runs use, with a SimulatedExchange as the venue, and collects the
// equity curve, round trips and every order's fate. The replay runs in one call (run) or one bar
// at a time (begin / step / finish) for a driver that paces the bars, such as paper mode: both
// go through the same step, so they produce the same orders and fills.
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

// The account's equity after one bar closed. One per bar, so packed into 24 bytes (a Money
// takes 16 with its padding): a million-bar run writes 24 MB of them instead of 32.
struct EquityPoint {
  EquityPoint() = default;
  EquityPoint(Timestamp ts_in, const Money& equity_in, bool in_position_in)
      : ts(ts_in),
        equity_raw(equity_in.raw()),
        equity_precision(static_cast<std::uint8_t>(equity_in.precision())),
        in_position(in_position_in) {}
  // Returns the equity.
  Money equity() const { return Money::from_raw_unchecked(equity_raw, equity_precision); }

  Timestamp ts;  // the bar's close time
  std::int64_t equity_raw = 0;
  std::uint8_t equity_precision = 0;
  bool in_position = false;
};
static_assert(sizeof(EquityPoint) == 24);

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
  // The true bar length as written on the command line: the timeframe ("1m", "4h") for bar
  // data, the --bar length ("1s", "250ms") for a book replay, whose bars may be sub-minute.
  std::string interval;
  // The bars run_book built from the capture's trades (what the bots saw); empty after run,
  // whose bars the caller holds.
  data::CandleSeries built_bars;
};

// Puts a venue between the kernel and the simulated exchange (paper mode records every order in
// the store ledger before it reaches the exchange). Gets the exchange and returns the venue the
// kernel sends to; the engine owns it.
using VenueWrapper = std::function<std::unique_ptr<engine::ExecutionVenue>(SimulatedExchange&)>;

// One backtest: build it, add bots, run once.
class BacktestEngine {
 public:
  // Builds the account, exchange and kernel; fails on a bad instrument or leverage. With
  // `wrap_venue` (bar matching only), the kernel sends its orders to the venue it returns.
  static Result<std::unique_ptr<BacktestEngine>> create(BacktestConfig config,
                                                        const VenueWrapper& wrap_venue = {});

  // Adds a bot (its parameters are validated here).
  Status add_bot(std::unique_ptr<engine::Bot> bot, const engine::BotId& id, const Config& params);
  // Replays `bars`; with `detail`, orders match against the detail bars inside each bar.
  // The same as begin, step until no bar is left, finish.
  Result<BacktestResult> run(const data::CandleSeries& bars,
                             const data::CandleSeries* detail = nullptr);

  // Starts a stepwise replay of `bars` (and `detail`, as run does); both must outlive the
  // replay. Starts the bots.
  Status begin(const data::CandleSeries& bars, const data::CandleSeries* detail = nullptr);
  // True while begin's bars are left to step.
  bool has_next() const { return bars_ != nullptr && next_ < bars_->size(); }
  // Returns the open time of the first bar and the close time of the next one: when a paced
  // driver releases it (requires has_next()).
  Timestamp first_open_time() const;
  Timestamp next_close_time() const;
  // Returns how many bars were stepped.
  std::size_t bars_stepped() const { return next_; }
  // Replays the next bar: the exchange matches it (or its detail bars), the clock moves to its
  // close, the kernel delivers it, the equity is recorded (requires has_next()).
  Status step();
  // Stops the bots and returns what the bars stepped so far produced (at least one bar). Open
  // positions stay open, valued at the last close, as at the end of a full run.
  Result<BacktestResult> finish();

  // Replays a recorded session (needs config.book_matching): the book follows the depth
  // stream, orders fill against it and the trade prints (BookExchange), and the bots see bars
  // of `bar` built from the trades, each delivered when the first event after its end arrives.
  Result<BacktestResult> run_book(const data::MarketCapture& capture, Duration bar);

  engine::Kernel& kernel() { return *kernel_; }
  const engine::Portfolio& portfolio() const { return portfolio_; }
  // Returns the simulated exchange (null when built for book matching).
  SimulatedExchange* exchange() { return exchange_.get(); }

 private:
  explicit BacktestEngine(BacktestConfig config);
  void record(const engine::OrderUpdated& update);
  void collect(BacktestResult& result);
  // Replays one bar (see run); next_ is its row.
  Status advance(const Candle& bar, Timestamp close_time);
  // Builds the candle of row `i` of the stepped bars.
  Candle row(std::size_t i) const;
  // Matches orders against the detail bars inside `bar` (from row `d` on); false when none.
  bool match_detail(const data::CandleSeries& detail, std::size_t& d, const Candle& bar,
                    Timestamp close_time);

  BacktestConfig config_;
  engine::Portfolio portfolio_;
  engine::SimulatedClock clock_;
  std::unique_ptr<SimulatedExchange> exchange_;
  std::unique_ptr<BookExchange> book_exchange_;
  std::unique_ptr<engine::ExecutionVenue> wrapper_;  // between the kernel and exchange_
  std::unique_ptr<engine::Kernel> kernel_;
  std::vector<OrderRecord> orders_;
  std::vector<std::uint32_t> seq_index_;  // OrderUpdated::order_seq -> orders_ index + 1
  std::vector<engine::NotificationRaised> notifications_;
  std::vector<engine::SignalPublished> signals_;
  bool ran_ = false;
  // The stepwise replay (begin / step / finish).
  const data::CandleSeries* bars_ = nullptr;
  const data::CandleSeries* detail_ = nullptr;
  Timeframe tf_;
  bool fixed_length_ = true;
  std::int64_t bar_ns_ = 0;
  std::size_t next_ = 0;         // next bar
  std::size_t detail_next_ = 0;  // next detail row
  // Bar i lives in slot i % 2, assembled one step ahead (see step) and handed to the kernel by
  // reference from there: two slots, so assembling bar i + 1 never touches the bar in flight.
  Candle bar_slots_[2]{};
  bool finished_ = false;
  BacktestResult result_;
};

}  // namespace omega::backtest
