// Provides BookExchange: a deterministic venue that fills orders against a replayed L2 book and
// the trade tape (a recorded session) instead of bars — market orders walk the book's levels,
// limit orders wait their turn in the queue at their price and fill from trade prints.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "backtest/simulated_exchange.hpp"
#include "engine/portfolio.hpp"
#include "engine/venue.hpp"
#include "model/order_book.hpp"

namespace omega::backtest {

// Fills against a book the caller keeps current (a replayed capture). Assumptions, all
// conservative and documented in docs/engine.md:
//  - an order arrives at submit time + latency and acts on the book as it stands at the first
//    event at or after that time;
//  - market orders (and the marketable part of a limit) walk the opposite side level by level
//    as taker, each level a fill at its price; our fills do not deplete the replayed book for
//    later orders (no market impact beyond one walk);
//  - a resting limit joins the back of the queue at its price: the book's quantity there on
//    arrival is ahead of it and only trade prints at that price (aggressors on the other side)
//    work it down — cancellations ahead of us are ignored; a print strictly through the price
//    fills the rest at the limit as maker;
//  - stops and take-profits trigger on trade prints at or beyond the trigger, then act as a
//    market (walk) or limit order at that moment;
//  - post-only limits that would take on arrival are rejected; IOC takes what the book offers
//    up to the limit and cancels the rest; FOK fills whole or is canceled whole.
// Contracts (instrument 0, the replay's one instrument) also pay funding and are liquidated
// like the bar path: funding at each funding time (every config.funding_interval at the
// constant rate, or at each entry of config.funding_series), settled at the first event at or
// after it at the last trade print as the mark; liquidation when a print reaches the
// liquidation price (long: at or below, short: at or above), at that print with the taker fee.
class BookExchange final : public engine::ExecutionVenue {
 public:
  // Uses config's latency, funding and liquidation settings (slippage and participation do not
  // apply: walking the book is the slippage).
  BookExchange(const engine::Portfolio& portfolio, FeeSchedule fees,
               const SimulatedExchangeConfig& config);

  void set_listener(engine::VenueListener* listener) override { listener_ = listener; }
  void submit(const engine::VenueOrder& order) override;
  void cancel(const ClientOrderId& id, Timestamp ts) override;
  void amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) override;

  // Lets every order that has arrived by `now` act on `book` (walks, queue joins, rejections).
  void on_time(Timestamp now, const OrderBook& book);
  // Matches one trade print (raw units of the book) against the resting orders.
  void on_trade(Timestamp ts, std::int64_t price, std::int64_t quantity, bool buyer_is_maker,
                const OrderBook& book);
  // Returns the number of orders not yet finished.
  std::size_t open_count() const { return orders_.size(); }

 private:
  struct Resting {
    engine::VenueOrder order;
    std::optional<Quantity> remaining;  // empty until a quote-budget order is sized
    std::int64_t active_from_ns = 0;
    std::uint64_t seq = 0;
    bool arrived = false;
    bool triggered = false;
    bool queued = false;           // a limit resting in the book
    std::int64_t queue_ahead = 0;  // raw quantity ahead of it at its price
  };
  struct Take {
    Price price;
    Quantity quantity;
  };

  Resting* find(std::uint64_t seq);
  void erase(std::uint64_t seq);
  // Acts on arrival or trigger: market walks, limits take what is marketable and queue the rest.
  void act(std::uint64_t seq, Timestamp ts, const OrderBook& book);
  // Delivers fills one by one (the listener may add or cancel orders between them); returns
  // true when the order is finished.
  bool deliver(std::uint64_t seq, const std::vector<Take>& takes, Liquidity liquidity,
               Timestamp ts);
  void finish(std::uint64_t seq, const char* reason, Timestamp ts);
  bool size_budget(Resting& r, const OrderBook& book, Timestamp ts);
  void settle_funding(Timestamp now);
  void check_liquidation(Timestamp ts);

  const engine::Portfolio& portfolio_;
  FeeSchedule fees_;
  Duration latency_;
  Rate funding_rate_;
  std::vector<std::pair<Timestamp, Rate>> funding_series_;  // sorted by time
  std::int64_t funding_interval_ns_ = 0;
  bool liquidations_ = true;
  bool contract_ = false;
  std::optional<Price> mark_;                 // the last trade print
  std::int64_t next_funding_ns_ = INT64_MIN;  // INT64_MIN until the first mark sets the schedule
  std::size_t next_funding_index_ = 0;
  engine::VenueListener* listener_ = nullptr;
  std::vector<Resting> orders_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace omega::backtest
