// Provides FibonacciTrader: the Strategic Fibonacci Trader — trend from swing structure, limit
// entries at the golden pocket (0.618) in the trend's direction, stop beyond 0.786 or the swing,
// targets at the 1.272 / 1.618 extensions, size from a risk fraction of equity, and optional
// scaling in at 0.786 with a Fibonacci-proportioned size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bots/swing_tracker.hpp"
#include "engine/bot.hpp"

namespace omega::bots {

// After a new swing high confirms an uptrend (higher highs and higher lows), the leg from the
// previous swing low to that high is measured; two reduce-protected limit buys rest at the
// entry level, one with its take-profit at the first extension and one at the second, both
// with the stop. Shorts mirror this in a downtrend (contracts only). Unfilled entries are
// canceled when the price closes beyond the stop, reaches the first target first, or a newer
// leg replaces the setup. Each setup's levels are published as a `fib_levels` signal (value: the
// entry price; text: a JSON object with direction, origin, anchor, entry, stop, target1,
// target2 and scale when scaling in), and `fib_levels_cleared` when the setup is dropped.
class FibonacciTrader final : public engine::Bot {
 public:
  std::string_view kind() const override { return "fibonacci_trader"; }
  // Reads swing_strength (5), risk_fraction ("0.01"), entry_level ("0.618"), stop ("0.786" or
  // "swing"), target1 ("1.272"), target2 ("1.618"), scale_in (false), scale_level ("0.786"),
  // scale_ratio ("0.618"), max_leverage (3), allow_short (true); validates ranges and order.
  Status on_initialize(const Config& params) override;
  void on_candle(const engine::CandleClosed& event) override;
  void on_order_event(const engine::OrderUpdated& event) override;
  void update_metrics(engine::BotMetrics& metrics) override;

  // Returns the ids of the entry orders still resting.
  const std::vector<ClientOrderId>& pending_entries() const { return pending_; }

 private:
  struct Setup {
    int direction = 0;  // +1 long, -1 short
    Price stop;
    Price first_target;
  };
  // Places the setup of the leg origin -> anchor unless `close` (the confirming bar's) is
  // already beyond its stop.
  void place(engine::InstrumentIndex instrument, int direction, std::int64_t origin_raw,
             std::int64_t anchor_raw, const Price& close);
  // Cancels the resting entries and drops the setup (publishing fib_levels_cleared if any).
  void cancel_pending(engine::InstrumentIndex instrument);

  int swing_strength_ = 5;
  Rate risk_fraction_;
  Rate entry_level_;
  Rate stop_level_;
  bool stop_at_swing_ = false;
  Rate target1_;
  Rate target2_;
  bool scale_in_ = false;
  Rate scale_level_;
  Rate scale_ratio_;
  std::int64_t max_leverage_ = 3;
  bool allow_short_ = true;

  std::optional<SwingTracker> tracker_;
  Trend last_trend_ = Trend::kNone;
  std::optional<Setup> setup_;
  std::vector<ClientOrderId> pending_;
  std::int64_t setups_ = 0;
  std::int64_t entries_filled_ = 0;
  std::int64_t denials_ = 0;
};

}  // namespace omega::bots
