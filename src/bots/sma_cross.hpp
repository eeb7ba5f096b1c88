// Provides SmaCross: the SMA crossover reference strategy (golden cross buys with all free
// cash, death cross sells everything), with exact integer moving-average comparisons.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/bot.hpp"

namespace omega::bots {

// Long-only SMA(fast) / SMA(slow) crossover on closes. At the close of bar t (t >= slow):
// a golden cross while flat sends a market buy sized by the venue at the next open as
// floor(free cash / (open * (1 + fee_reserve))) (a quote-budget order, so the bot never sees
// the next open); a death cross while long sells the whole position.
class SmaCross final : public engine::Bot {
 public:
  std::string_view kind() const override { return "sma_cross"; }
  // Reads fast (10), slow (30), fee_reserve ("0.001"); fails when fast >= slow or either < 1.
  Status on_initialize(const Config& params) override;
  bool can_handle(engine::Topic topic) const override { return topic == engine::Topic::kCandles; }
  void on_candle(const engine::CandleClosed& event) override;
  void update_metrics(engine::BotMetrics& metrics) override;

 private:
  // Returns the sign of fast SMA - slow SMA, exactly.
  int compare_averages();
  // Acts on a cross (out of line: it happens on a few bars in a hundred).
  void on_cross(engine::InstrumentIndex instrument, bool golden);

  std::int64_t fast_ = 10;
  std::int64_t slow_ = 30;
  Rate fee_reserve_ = Rate::from_raw_unchecked(1, 3);
  std::vector<std::int64_t> closes_;  // ring of the last `slow_` closes (raw)
  std::int64_t seen_ = 0;
  std::size_t slot_ = 0;       // where the next close goes
  std::size_t fast_slot_ = 0;  // the close leaving the fast window
  // Running sums in 64 bits; a sum that would overflow switches the bot to exact 128-bit sums
  // recomputed from the ring (`wide_`), so long periods of huge raw prices stay exact.
  std::int64_t fast_sum_ = 0;
  std::int64_t slow_sum_ = 0;
  bool wide_ = false;
  int previous_sign_ = 0;  // sign of fast - slow at the previous bar
  std::int64_t buys_ = 0;
  std::int64_t sells_ = 0;
  std::int64_t denials_ = 0;
};

}  // namespace omega::bots
