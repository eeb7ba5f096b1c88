// Provides SimulatedExchange: a seeded, deterministic venue that fills orders against bars with
// a documented intra-bar path, fees per instrument, slippage, latency, a volume-participation
// cap with partial fills, funding every 8 h and liquidation; and FeeSchedule presets.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "engine/portfolio.hpp"
#include "engine/venue.hpp"
#include "model/candle.hpp"
#include "store/reconcile.hpp"

namespace omega::backtest {

class VenueRecord;

// Maker and taker fee rates (fractions of notional; a negative maker fee is a rebate).
struct FeeSchedule {
  Rate maker;
  Rate taker;
};

// Returns the fee preset: "binance_usdm" (0.02 % / 0.05 %), "bitget_usdm" (0.02 % / 0.06 %),
// "binance_spot" (0.1 % / 0.1 %); kNotFound otherwise.
Result<FeeSchedule> fee_preset(std::string_view name);

// How the simulated exchange behaves. Every random draw comes from `seed`.
struct SimulatedExchangeConfig {
  Rate slippage;         // adverse fraction of price on market and stop fills (0.0001 = 1 bp)
  Rate random_slippage;  // plus a uniform draw in [0, random_slippage]
  Duration latency = Duration::zero();         // order travel time to the venue
  Duration latency_jitter = Duration::zero();  // plus a uniform draw in [0, jitter]
  Rate max_participation;  // share of a bar's volume one bar may fill (0 = no cap)
  bool limit_requires_trade_through = true;  // a limit fills only if price trades beyond it
  Rate funding_rate;                         // constant funding rate per interval
  // When set, replaces the constant: one funding event per entry, at its time and rate.
  std::vector<std::pair<Timestamp, Rate>> funding_series;
  Duration funding_interval = std::chrono::hours(8);
  bool liquidations = true;
  std::uint64_t seed = 42;
  // When set, the exchange keeps a record of every order it receives and every fill, for this
  // bot's ledger, and answers store::VenueOrderLookup from it (paper trading reconciles its
  // ledger against it on restart). Off for backtests and sweeps, which never ask.
  std::optional<store::BotId> record_orders_for;
};

// Fills orders bar by bar. Per bar, in this order:
//  1. funding for every funding time at or before the bar's open, at the open (every
//     funding_interval at the constant rate, or at each entry of funding_series);
//  1b. post-only limits arriving in this bar that would take at the open are rejected;
//  2. market orders that have arrived (submit time + latency <= bar open), at the open;
//  3. triggered stops (stop-market: the trigger, or the open if it gapped through), all before
//  4. take-profits and limits (at their price, or the open if it gapped through);
//     within 3 and within 4, by when the path reaches them: O→L→H→C for a bar closing at or
//     above its open, O→H→L→C otherwise. So when a stop and a target both lie inside one bar,
//     the stop fills first (the conservative choice). A stop-limit whose limit is not
//     marketable at its trigger rests and may fill later in the same bar where the rest of the
//     path trades through the limit;
//  5. liquidation when the bar's low (long) or high (short) reaches the liquidation price.
// Each bar fills at most max_participation × bar volume in total; the rest stays open.
//
// With `record_orders_for` set it is also the venue of record: find_order returns an order's
// status, its venue order id (simulated_venue_order_id) and its fills with their trade ids
// (simulated_trade_id), whether or not the listener saw them.
class SimulatedExchange final : public engine::ExecutionVenue, public store::VenueOrderLookup {
 public:
  SimulatedExchange(const engine::Portfolio& portfolio, std::vector<FeeSchedule> fees,
                    SimulatedExchangeConfig config);
  ~SimulatedExchange() override;
  SimulatedExchange(const SimulatedExchange&) = delete;
  SimulatedExchange& operator=(const SimulatedExchange&) = delete;

  void set_listener(engine::VenueListener* listener) override;
  void submit(const engine::VenueOrder& order) override;
  void cancel(const ClientOrderId& id, Timestamp ts) override;
  void amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) override;

  // Matches one bar of one instrument. A spot bar with nothing resting has nothing to do (no
  // funding, no liquidation), which is most bars: that test stays inline.
  void process_bar(engine::InstrumentIndex instrument, const Candle& bar) {
    if (orders_.empty() && !contract_[instrument]) return;
    match_bar(instrument, bar);
  }
  // Returns the number of resting orders.
  std::size_t resting_count() const { return orders_.size(); }

  // Answers as the venue of record (store::VenueOrderLookup). Fails with kState when the
  // exchange keeps no record (`record_orders_for` unset): "never received" would be a lie.
  Result<std::optional<store::VenueOrder>> find_order(const ClientOrderId& id) override;
  Result<std::vector<ClientOrderId>> client_order_ids() override;

  // The four points of the intra-bar path: O→L→H→C when the bar closes at or above its open,
  // O→H→L→C otherwise (raw units of the bar's price precision).
  struct Path {
    std::int64_t p[4];
  };

 private:
  struct Resting {
    engine::VenueOrder order;
    std::optional<Quantity> remaining;  // empty until a budget order is sized
    std::int64_t active_from_ns = 0;
    std::uint64_t seq = 0;  // submission order; names the order within a bar without strings
    bool triggered = false;
    bool arrived = false;     // seen by a bar at or after its arrival (post-only was checked)
    bool filled_any = false;  // a refusal after a partial fill cancels the rest instead
  };
  struct Match {
    std::uint64_t seq;
    int priority;  // 0 market, 1 stop, 2 target/limit
    double path_position;
    Price price;
    Liquidity liquidity;
  };
  void match_bar(engine::InstrumentIndex instrument, const Candle& bar);
  std::optional<Match> match(std::size_t index, const Candle& bar, const Path& path) const;
  void reject_crossing_post_only(engine::InstrumentIndex instrument, const Candle& bar);
  Price slip(engine::InstrumentIndex instrument, const Price& price, OrderSide side);
  bool fill(Resting& resting, const Price& price, Liquidity liquidity, const Candle& bar,
            Quantity& capacity);
  void apply_funding(engine::InstrumentIndex instrument, const Candle& bar);
  void check_liquidation(engine::InstrumentIndex instrument, const Candle& bar);

  const engine::Portfolio& portfolio_;
  std::vector<FeeSchedule> fees_;
  SimulatedExchangeConfig config_;
  // Where reports go: the record (which passes them on) when there is one, else the listener.
  engine::VenueListener* listener_ = nullptr;
  std::unique_ptr<VenueRecord> record_;
  std::vector<Resting> orders_;
  std::vector<char> contract_;  // per instrument: funding and liquidation apply
  std::vector<std::int64_t> next_funding_ns_;
  std::vector<std::size_t> next_funding_index_;  // next funding_series entry per instrument
  std::uint64_t next_seq_ = 1;
  std::vector<Match> matches_;  // reused per bar
  std::vector<Match> pending_;  // reused per bar: the matches being filled
  std::mt19937_64 rng_;
};

}  // namespace omega::backtest
