// Provides Bot (the base of every strategy: the service lifecycle initialize / can_handle /
// process / update_metrics / shutdown and the on_* handlers), BotContext (everything a bot may
// touch: clock, read-only cache, indicators, order commands, signals, logger, metrics) and
// Topic.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/config.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "engine/clock.hpp"
#include "engine/indicator_source.hpp"
#include "engine/messages.hpp"
#include "engine/portfolio.hpp"

namespace omega::engine {

// The topics of the bus a bot can receive.
enum class Topic : std::uint8_t { kCandles, kTrades, kOrderEvents, kPositionEvents, kTimers };

// One message a bot can process.
using BotMessage =
    std::variant<CandleClosed, TradeReceived, OrderUpdated, PositionChanged, TimerFired>;

// Named numbers a bot reports (analytics and monitoring, not money on the order path).
using BotMetrics = std::map<std::string, double, std::less<>>;

// A read-only view of market and account state.
class Cache {
 public:
  virtual ~Cache() = default;
  // Returns the account.
  virtual const Portfolio& portfolio() const = 0;
  // Returns the last closed bar of an instrument (default-constructed before the first).
  virtual const Candle& last_candle(InstrumentIndex instrument) const = 0;
  // Returns the number of open orders of the whole account.
  virtual std::int32_t open_order_count() const = 0;
};

// What a bot uses to see and act. Implemented by the kernel; identical in backtest and live.
class BotContext {
 public:
  virtual ~BotContext() = default;
  // Returns this bot's id.
  virtual const BotId& bot_id() const = 0;
  // Returns the current time (simulated in backtests).
  virtual Timestamp now() const = 0;
  // Returns the read-only cache.
  virtual const Cache& cache() const = 0;
  // Sends an order through the risk engine; a denial returns kRejected with the reason and is
  // also published as an OrderUpdated kDenied event.
  virtual Result<ClientOrderId> submit_order(const SubmitOrder& command) = 0;
  // Cancels an open order.
  virtual Status cancel_order(const ClientOrderId& id) = 0;
  // Creates an indicator by registry spec ("rsi:14", "macd:12,26,9"); read it with indicator().
  virtual Result<IndicatorHandle> create_indicator(std::string_view spec,
                                                   InstrumentIndex instrument) = 0;
  // Returns an indicator output's latest value (NaN until warm).
  virtual double indicator(IndicatorHandle handle, std::size_t output = 0) const = 0;
  // Publishes a signal on the bus.
  virtual void publish_signal(InstrumentIndex instrument, std::string name, double value,
                              std::string text = {}) = 0;
  // Raises a notification for the user.
  virtual void notify(NotificationLevel level, std::string text) = 0;
  // Schedules a timer delivered to on_timer.
  virtual TimerId set_timer(std::string name, Timestamp at, Duration interval) = 0;
  // Writes a log line tagged with the bot id.
  virtual void log(LogLevel level, std::string_view text) const = 0;
  // Returns the bot's metrics, which it may update at any time.
  virtual BotMetrics& metrics() = 0;
};

// A strategy. The kernel calls initialize once, then delivers messages the bot can_handle, then
// shutdown. Handlers run on the kernel thread, one at a time.
class Bot {
 public:
  virtual ~Bot() = default;
  // Returns the bot's kind, e.g. "sma_cross".
  virtual std::string_view kind() const = 0;

  // Binds the context and reads the parameters; a bad parameter fails here, before any data.
  Status initialize(BotContext& context, const Config& params) {
    context_ = &context;
    return on_initialize(params);
  }
  // Returns true when the bot wants messages of `topic`.
  virtual bool can_handle(Topic topic) const { return topic != Topic::kTrades; }
  // Delivers one message to its handler.
  void process(const BotMessage& message);
  // Refreshes the bot's metrics (called by the kernel after each batch and at shutdown).
  virtual void update_metrics(BotMetrics& metrics) { (void)metrics; }
  // Calls on_stop; the bot receives nothing after this.
  void shutdown() { on_stop(); }

  // Validates and stores parameters.
  virtual Status on_initialize(const Config& params) {
    (void)params;
    return ok_status();
  }
  virtual void on_start() {}
  virtual void on_candle(const CandleClosed& event) { (void)event; }
  virtual void on_trade(const TradeReceived& event) { (void)event; }
  virtual void on_order_event(const OrderUpdated& event) { (void)event; }
  virtual void on_position_event(const PositionChanged& event) { (void)event; }
  virtual void on_timer(const TimerFired& event) { (void)event; }
  virtual void on_stop() {}

 protected:
  BotContext& ctx() const { return *context_; }

 private:
  BotContext* context_ = nullptr;
};

}  // namespace omega::engine
