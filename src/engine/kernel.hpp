// Provides Kernel: the single-threaded heart shared by backtest, paper and live — it owns the
// bus, the risk engine and the execution engine, hosts the bots, and turns market data into
// marks, risk checks and bot callbacks in one deterministic order.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config.hpp"
#include "engine/bot.hpp"
#include "engine/clock.hpp"
#include "engine/execution_engine.hpp"
#include "engine/indicator_source.hpp"
#include "engine/message_bus.hpp"
#include "engine/portfolio.hpp"
#include "engine/risk_engine.hpp"
#include "engine/venue.hpp"

namespace omega::engine {

// Whether a hosted bot receives market data. Paused: no candles, trades or timers (order and
// position events still arrive, so its books stay right), no new entries; stopped: on_stop ran
// and nothing arrives until it is started again (on_start runs again).
enum class BotRunState : std::uint8_t { kRunning, kPaused, kStopped };

// Returns "running", "paused" or "stopped".
std::string_view to_string(BotRunState state);

// Runs bots against one account and one venue. For each closed bar: mark the position, check
// the daily loss, move trailing stops, update indicators, then deliver CandleClosed to the
// bots in the order they were added. Every order goes bot → risk engine → execution → venue.
class Kernel final : public Cache {
 public:
  Kernel(Clock& clock, Portfolio& portfolio, ExecutionVenue& venue, const RiskLimits& limits,
         IndicatorSource* indicators = nullptr);
  ~Kernel() override;
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Adds a bot and initializes it with its parameters (validation errors surface here).
  Status add_bot(std::unique_ptr<Bot> bot, const BotId& id, const Config& params);
  // Calls on_start on every bot.
  void start();
  // Feeds a closed bar (the hot path).
  void on_candle(InstrumentIndex instrument, const Candle& candle);
  // Feeds a public trade.
  void on_trade(const TradeReceived& trade);
  // Calls update_metrics and shutdown on every bot.
  void stop();

  // Moves a bot to `state` (start, pause, stop by an operator) and returns the state it was in;
  // kNotFound for an unknown bot. Stopping calls on_stop, starting a stopped bot on_start.
  Result<BotRunState> set_bot_state(const BotId& id, BotRunState state);
  // Returns a bot's state; kNotFound for an unknown bot.
  Result<BotRunState> bot_state(const BotId& id) const;
  // Returns the ids of the hosted bots, in the order they were added.
  std::vector<BotId> bot_ids() const;

  // Sends a bot's order through the risk engine to execution. A paused or stopped bot may only
  // reduce (kState otherwise).
  Result<ClientOrderId> submit(const BotId& bot, const SubmitOrder& command);
  // Cancels an open order.
  Status cancel(const ClientOrderId& id) { return execution_.cancel(id); }
  // Halts new entries by hand (reduce-only orders still pass) and lifts the halt.
  void halt(std::string reason);
  void resume() { risk_.resume(); }

  MessageBus& bus() { return bus_; }
  RiskEngine& risk() { return risk_; }
  ExecutionEngine& execution() { return execution_; }
  Clock& clock() { return clock_; }
  // Returns the metrics each bot reported, by bot id.
  std::vector<std::pair<BotId, BotMetrics>> bot_metrics();

  const Portfolio& portfolio() const override { return portfolio_; }
  const Candle& last_candle(InstrumentIndex instrument) const override {
    return last_closed_[instrument].candle;
  }
  std::int32_t open_order_count() const override { return execution_.open_order_count(); }

 private:
  class Context;
  struct Hosted {
    std::unique_ptr<Bot> bot;
    std::unique_ptr<Context> context;  // holds the bot's run state (see Context::state)
  };
  BotRunState state_of(const Hosted& h) const;
  bool running(std::size_t index) const { return state_of(bots_[index]) == BotRunState::kRunning; }
  const Hosted* find(const BotId& id) const;
  Status deny(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command,
              const RiskDenial& denial);
  Result<Money> reference_notional(const SubmitOrder& command) const;
  // Risk-checks a command under its id and sends it to execution, or publishes the denial.
  Status route(const BotId& bot, const ClientOrderId& id, const SubmitOrder& command);

  Clock& clock_;
  Portfolio& portfolio_;
  MessageBus bus_;
  RiskEngine risk_;
  ExecutionEngine execution_;
  IndicatorSource* indicators_;
  RegistryIndicators registry_indicators_;
  std::vector<Hosted> bots_;
  // The last bar of each instrument, kept as the message the bots receive: on_candle publishes
  // it from here instead of copying the bar once more into a fresh CandleClosed.
  std::vector<CandleClosed> last_closed_;
  std::unordered_map<TimerId, std::size_t> timer_owner_;
  std::uint64_t next_order_ = 1;
};

}  // namespace omega::engine
