// Implements BookExchange: book walks, queue positions and trade-print matching.
#include "backtest/book_exchange.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/decimal_math.hpp"

namespace omega::backtest {
namespace {

bool is_stop(OrderType type) {
  return type == OrderType::kStopMarket || type == OrderType::kStopLimit;
}
bool is_conditional(OrderType type) {
  return type != OrderType::kMarket && type != OrderType::kLimit;
}
bool has_limit(OrderType type) {
  return type == OrderType::kLimit || type == OrderType::kStopLimit ||
         type == OrderType::kTakeProfitLimit;
}

// The raw value of `p` at the book's price precision (prices off the book's grid round toward
// the less favourable side for the order: a buy limit down, a sell limit up).
std::int64_t book_raw(const Price& p, const OrderBook& book, bool buy) {
  if (p.precision() == book.price_precision()) return p.raw();
  return p.rescale(book.price_precision(), buy ? Rounding::kFloor : Rounding::kCeil)
      .value_or(p)
      .raw();
}

}  // namespace

BookExchange::BookExchange(const engine::Portfolio& portfolio, FeeSchedule fees,
                           const SimulatedExchangeConfig& config)
    : portfolio_(portfolio),
      fees_(fees),
      latency_(config.latency),
      funding_rate_(config.funding_rate),
      funding_series_(config.funding_series),
      funding_interval_ns_(config.funding_interval.count()),
      liquidations_(config.liquidations),
      contract_(portfolio.instrument_count() > 0 &&
                portfolio.instrument(0).symbol().is_contract()) {
  std::sort(funding_series_.begin(), funding_series_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

void BookExchange::settle_funding(Timestamp now) {
  // Funding needs a mark: times before the first trade print are history, like the rows of a
  // series before the first bar in the bar path.
  if (!contract_ || !mark_) return;
  const engine::InstrumentIndex instrument = 0;
  if (!funding_series_.empty()) {
    if (next_funding_ns_ == INT64_MIN) {
      next_funding_ns_ = 0;
      while (next_funding_index_ < funding_series_.size() &&
             funding_series_[next_funding_index_].first < now) {
        ++next_funding_index_;
      }
    }
    for (; next_funding_index_ < funding_series_.size() &&
           funding_series_[next_funding_index_].first <= now;
         ++next_funding_index_) {
      const auto& [at, r] = funding_series_[next_funding_index_];
      if (!r.is_zero() && listener_ != nullptr) listener_->on_funding(instrument, r, *mark_, at);
    }
    return;
  }
  if (funding_interval_ns_ <= 0) return;
  if (next_funding_ns_ == INT64_MIN) {
    next_funding_ns_ =
        (Timestamp::floor_div(now.ns(), funding_interval_ns_) + 1) * funding_interval_ns_;
    if (now.ns() % funding_interval_ns_ == 0) next_funding_ns_ = now.ns();
  }
  while (next_funding_ns_ <= now.ns()) {
    if (!funding_rate_.is_zero() && listener_ != nullptr) {
      listener_->on_funding(instrument, funding_rate_, *mark_, Timestamp(next_funding_ns_));
    }
    next_funding_ns_ += funding_interval_ns_;
  }
}

void BookExchange::check_liquidation(Timestamp ts) {
  if (!contract_ || !liquidations_ || !mark_) return;
  const engine::InstrumentIndex instrument = 0;
  const Position& position = portfolio_.position(instrument);
  if (position.is_flat()) return;
  auto lp = portfolio_.liquidation_price(instrument);
  if (!lp.ok() || !lp->has_value()) return;
  const Price level = **lp;
  const Price at = *mark_;
  if (position.is_long() ? at > level : at < level) return;
  const Quantity held = position.quantity().abs().value_or(Quantity::zero(0));
  auto notional = portfolio_.instrument(instrument).notional(at, held);
  auto fee = notional.ok() ? apply_rate(*notional, fees_.taker, portfolio_.money_precision(),
                                        Rounding::kHalfEven)
                           : Result<Money>(notional.error());
  if (listener_ != nullptr) {
    listener_->on_position_liquidated(
        instrument, at, fee.ok() ? *fee : Money::zero(portfolio_.money_precision()), ts);
  }
}

BookExchange::Resting* BookExchange::find(std::uint64_t seq) {
  for (Resting& r : orders_) {
    if (r.seq == seq) return &r;
  }
  return nullptr;
}

void BookExchange::erase(std::uint64_t seq) {
  orders_.erase(std::remove_if(orders_.begin(), orders_.end(),
                               [seq](const Resting& r) { return r.seq == seq; }),
                orders_.end());
}

void BookExchange::finish(std::uint64_t seq, const char* reason, Timestamp ts) {
  Resting* r = find(seq);
  if (r == nullptr) return;
  const ClientOrderId id = r->order.client_order_id;
  erase(seq);
  if (listener_ != nullptr) listener_->on_order_canceled(id, reason, ts);
}

void BookExchange::submit(const engine::VenueOrder& order) {
  Resting r;
  r.order = order;
  r.remaining = order.quantity;
  r.active_from_ns = order.ts.ns() + latency_.count();
  r.seq = next_seq_++;
  const ClientOrderId id = order.client_order_id;
  const Timestamp ts = order.ts;
  orders_.push_back(std::move(r));
  if (listener_ != nullptr) listener_->on_order_accepted(id, ts);
}

void BookExchange::cancel(const ClientOrderId& id, Timestamp ts) {
  for (const Resting& r : orders_) {
    if (r.order.client_order_id == id) {
      erase(r.seq);
      if (listener_ != nullptr) listener_->on_order_canceled(id, "canceled", ts);
      return;
    }
  }
}

void BookExchange::amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) {
  (void)ts;
  for (Resting& r : orders_) {
    if (r.order.client_order_id == id) r.order.trigger_price = trigger;
  }
}

bool BookExchange::size_budget(Resting& r, const OrderBook& book, Timestamp ts) {
  if (r.remaining) return true;
  const Instrument& spec = portfolio_.instrument(r.order.instrument);
  const auto best = r.order.side == OrderSide::kBuy ? book.best_ask() : book.best_bid();
  std::optional<Quantity> sized;
  if (best) {
    // floor(budget / (price * (1 + reserve))) on the lot grid, at the best level's price.
    auto factor = Rate::from_raw_unchecked(1, 0).add(r.order.budget_fee_reserve);
    auto den = factor.ok() ? decimal_mul_exact(best->price.scaled(), factor->scaled())
                           : Result<ScaledDecimal>(factor.error());
    auto q = den.ok() ? decimal_div(r.order.quote_budget->scaled(), *den, spec.quantity_precision(),
                                    Rounding::kFloor)
                      : Result<ScaledDecimal>(den.error());
    auto qty = q.ok() ? Quantity::from_scaled(*q) : Result<Quantity>(q.error());
    auto stepped = qty.ok() ? spec.round_quantity(*qty, Rounding::kFloor) : qty;
    if (stepped.ok() && stepped->is_positive() && !(*stepped < spec.min_quantity())) {
      sized = *stepped;
    }
  }
  const ClientOrderId id = r.order.client_order_id;
  if (!sized) {
    erase(r.seq);
    if (listener_ != nullptr) {
      listener_->on_order_rejected(
          id, best ? "quote budget buys less than the minimum quantity" : "empty book side", ts);
    }
    return false;
  }
  r.remaining = *sized;
  if (listener_ != nullptr) listener_->on_quantity_resolved(id, *sized, ts);
  return true;
}

void BookExchange::act(std::uint64_t seq, Timestamp ts, const OrderBook& book) {
  Resting* r = find(seq);
  if (r == nullptr) return;
  if (!size_budget(*r, book, ts)) return;
  r = find(seq);
  if (r == nullptr) return;
  const engine::VenueOrder o = r->order;
  const bool buy = o.side == OrderSide::kBuy;
  const bool limited = has_limit(o.type);
  const std::int64_t limit = limited ? book_raw(*o.price, book, buy) : 0;
  const BookSide far = buy ? BookSide::kAsk : BookSide::kBid;
  // Walk the opposite side up to the limit.
  std::vector<Take> takes;
  Quantity left = *r->remaining;
  Quantity available = Quantity::zero(left.precision());
  for (const DepthLevel& level : book.depth(far, book.level_count(far))) {
    const std::int64_t p = book_raw(level.price, book, buy);
    if (limited && (buy ? p > limit : p < limit)) break;
    available = available.add(level.quantity).value_or(available);
    if (!left.is_positive()) continue;
    const Quantity take = level.quantity < left ? level.quantity : left;
    takes.push_back(Take{level.price, take});
    left = left.sub(take).value_or(Quantity::zero(0));
  }
  const ClientOrderId id = o.client_order_id;
  if (limited && o.time_in_force == TimeInForce::kPostOnly && !takes.empty()) {
    erase(seq);
    if (listener_ != nullptr) {
      listener_->on_order_rejected(
          id,
          fmt::format("post-only: a {} limit at {} would take liquidity at {} on arrival",
                      buy ? "buy" : "sell", o.price->to_string(), takes.front().price.to_string()),
          ts);
    }
    return;
  }
  if (o.time_in_force == TimeInForce::kFok && left.is_positive()) {
    const Quantity wanted = *r->remaining;
    erase(seq);
    if (listener_ != nullptr) {
      listener_->on_order_canceled(
          id,
          fmt::format("FOK: only {} of {} available at once", available.to_string_trimmed(),
                      wanted.to_string_trimmed()),
          ts);
    }
    return;
  }
  if (!takes.empty() && deliver(seq, takes, Liquidity::kTaker, ts)) return;
  if (find(seq) == nullptr) return;
  if (!limited) {
    finish(seq, "market order: the book side ran out", ts);
    return;
  }
  if (o.time_in_force == TimeInForce::kIoc || o.time_in_force == TimeInForce::kFok) {
    finish(seq, "IOC: unfilled rest canceled", ts);
    return;
  }
  // The rest joins the back of the queue at its price.
  Resting* q = find(seq);
  q->queued = true;
  q->queue_ahead = 0;
  for (const RawLevel& level : book.levels(buy ? BookSide::kBid : BookSide::kAsk)) {
    if (level.price == limit) q->queue_ahead = level.quantity;
  }
}

bool BookExchange::deliver(std::uint64_t seq, const std::vector<Take>& takes, Liquidity liquidity,
                           Timestamp ts) {
  for (const Take& t : takes) {
    Resting* r = find(seq);
    if (r == nullptr) return true;
    const engine::VenueOrder o = r->order;
    const Instrument& spec = portfolio_.instrument(o.instrument);
    Quantity qty = t.quantity < *r->remaining ? t.quantity : *r->remaining;
    qty = spec.round_quantity(qty, Rounding::kFloor).value_or(Quantity::zero(0));
    const Position& position = portfolio_.position(o.instrument);
    const bool sells_spot = spec.symbol().is_spot() && o.side == OrderSide::kSell;
    if (o.reduce_only || sells_spot) {
      const bool reduces = (position.is_long() && o.side == OrderSide::kSell) ||
                           (position.is_short() && o.side == OrderSide::kBuy);
      if (!reduces) {
        finish(seq,
               sells_spot ? "spot sell without holdings" : "reduce-only: no position to reduce",
               ts);
        return true;
      }
      const Quantity held = position.quantity().abs().value_or(qty);
      if (held < qty) qty = held;
      if (held < *r->remaining) r->remaining = held;
    }
    if (!qty.is_positive()) continue;
    const Rate& rate = liquidity == Liquidity::kMaker ? fees_.maker : fees_.taker;
    auto value = spec.notional(t.price, qty);
    auto fee = value.ok()
                   ? apply_rate(*value, rate, portfolio_.money_precision(), Rounding::kHalfEven)
                   : Result<Money>(value.error());
    r->remaining = r->remaining->sub(qty).value_or(Quantity::zero(0));
    const bool done = !r->remaining->is_positive();
    const ClientOrderId id = o.client_order_id;
    if (done) erase(seq);
    if (listener_ != nullptr) {
      listener_->on_order_filled(id, t.price, qty,
                                 fee.ok() ? *fee : Money::zero(portfolio_.money_precision()),
                                 liquidity, ts);
    }
    if (done) return true;
  }
  return find(seq) == nullptr;
}

void BookExchange::on_time(Timestamp now, const OrderBook& book) {
  settle_funding(now);
  std::vector<std::uint64_t> due;
  for (Resting& r : orders_) {
    if (!r.arrived && r.active_from_ns <= now.ns()) {
      r.arrived = true;
      if (!is_conditional(r.order.type)) due.push_back(r.seq);
    }
  }
  for (std::uint64_t seq : due) act(seq, now, book);
}

void BookExchange::on_trade(Timestamp ts, std::int64_t price, std::int64_t quantity,
                            bool buyer_is_maker, const OrderBook& book) {
  mark_ = Price::from_raw_unchecked(price, book.price_precision());
  std::vector<std::uint64_t> seqs;
  seqs.reserve(orders_.size());
  for (const Resting& r : orders_) {
    if (r.arrived) seqs.push_back(r.seq);
  }
  for (std::uint64_t seq : seqs) {
    Resting* r = find(seq);
    if (r == nullptr) continue;
    const bool buy = r->order.side == OrderSide::kBuy;
    if (is_conditional(r->order.type) && !r->triggered) {
      const std::int64_t trigger = book_raw(*r->order.trigger_price, book, !buy);
      // A buy stop fires on a rise, a sell stop on a fall; take-profits the other way round.
      const bool rising = is_stop(r->order.type) == buy;
      if (rising ? price < trigger : price > trigger) continue;
      r->triggered = true;
      const ClientOrderId id = r->order.client_order_id;
      if (listener_ != nullptr) listener_->on_order_triggered(id, ts);
      act(seq, ts, book);
      continue;
    }
    if (!r->queued) continue;
    const std::int64_t limit = book_raw(*r->order.price, book, buy);
    const Quantity rest = *r->remaining;
    if (buy ? price < limit : price > limit) {
      deliver(seq, {Take{*r->order.price, rest}}, Liquidity::kMaker, ts);
      continue;
    }
    // At our price, only aggressors from the other side work the queue down.
    const bool hits_us = price == limit && (buy ? buyer_is_maker : !buyer_is_maker);
    if (!hits_us) continue;
    const std::int64_t through = quantity - r->queue_ahead;
    r->queue_ahead = std::max<std::int64_t>(0, r->queue_ahead - quantity);
    if (through <= 0) continue;
    const Quantity reach = Quantity::from_raw_unchecked(through, book.quantity_precision());
    deliver(seq, {Take{*r->order.price, reach < rest ? reach : rest}}, Liquidity::kMaker, ts);
  }
  // A print at or through the liquidation price closes the position (and its orders) there.
  check_liquidation(ts);
}

}  // namespace omega::backtest
