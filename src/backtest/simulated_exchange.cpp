// Implements SimulatedExchange: bar matching along the intra-bar path, fees, slippage, latency,
// participation cap, funding and liquidation.
#include "backtest/simulated_exchange.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "backtest/venue_record.hpp"
#include "model/decimal_math.hpp"

namespace omega::backtest {
namespace {

Rate rate(std::int64_t raw, int precision) {
  return Rate::from_raw_unchecked(raw, precision);
}

bool is_stop(OrderType type) {
  return type == OrderType::kStopMarket || type == OrderType::kStopLimit;
}

bool is_target(OrderType type) {
  return type == OrderType::kTakeProfitMarket || type == OrderType::kTakeProfitLimit;
}

using Path = SimulatedExchange::Path;

Path path_of(const Candle& bar, int precision) {
  auto raw = [precision](const Price& x) {
    return x.precision() == precision
               ? x.raw()
               : x.rescale(precision, Rounding::kHalfEven).value_or(Price::zero(precision)).raw();
  };
  const std::int64_t o = raw(bar.open), h = raw(bar.high), l = raw(bar.low), c = raw(bar.close);
  if (c >= o) return Path{{o, l, h, c}};
  return Path{{o, h, l, c}};
}

// Returns where along the path the price first reaches `level` going down (`falling`) or up;
// 0 means at the open (a gap through the level). Strict: must trade beyond the level.
std::optional<double> reach(const Path& path, std::int64_t level, bool falling, bool strict) {
  auto beyond = [&](std::int64_t x) {
    if (falling) return strict ? x < level : x <= level;
    return strict ? x > level : x >= level;
  };
  if (beyond(path.p[0])) return 0.0;
  for (int j = 0; j < 3; ++j) {
    const std::int64_t a = path.p[j], b = path.p[j + 1];
    if (beyond(b) && (falling ? b < a : b > a)) {
      const double span = static_cast<double>(b - a);
      return j + static_cast<double>(level - a) / span;
    }
  }
  return std::nullopt;
}

// Like reach(), but along the rest of the path after position `from` (in [0, 3]), where the
// price stands at `start`. Returns a position > `from`, or empty when the rest never gets there.
std::optional<double> reach_after(const Path& path, double from, std::int64_t start,
                                  std::int64_t level, bool falling, bool strict) {
  auto beyond = [&](std::int64_t x) {
    if (falling) return strict ? x < level : x <= level;
    return strict ? x > level : x >= level;
  };
  for (int j = static_cast<int>(from); j < 3; ++j) {
    const std::int64_t a = j == static_cast<int>(from) ? start : path.p[j];
    const std::int64_t b = path.p[j + 1];
    if (beyond(b) && (falling ? b < a : b > a)) {
      const double span = static_cast<double>(path.p[j + 1] - path.p[j]);
      const double at = span == 0.0 ? j + 1.0 : j + static_cast<double>(level - path.p[j]) / span;
      return std::max(at, from);
    }
  }
  return std::nullopt;
}

// Sorts stably. A bar matches a handful of orders: insertion sort, in place, instead of
// std::stable_sort, which allocates its merge buffer each time (on every bar with a match).
template <typename T, typename Less>
void stable_sort_small(std::vector<T>& v, Less less) {
  if (v.size() > 32) {
    std::stable_sort(v.begin(), v.end(), less);
    return;
  }
  for (std::size_t a = 1; a < v.size(); ++a) {
    T item = v[a];
    std::size_t b = a;
    for (; b > 0 && less(item, v[b - 1]); --b) v[b] = v[b - 1];
    v[b] = item;
  }
}

}  // namespace

Result<FeeSchedule> fee_preset(std::string_view name) {
  if (name == "binance_usdm") return FeeSchedule{rate(2, 4), rate(5, 4)};
  if (name == "bitget_usdm") return FeeSchedule{rate(2, 4), rate(6, 4)};
  if (name == "binance_spot") return FeeSchedule{rate(1, 3), rate(1, 3)};
  return Error(
      ErrorCode::kNotFound,
      fmt::format("unknown fee preset '{}' (binance_usdm, bitget_usdm, binance_spot)", name));
}

SimulatedExchange::SimulatedExchange(const engine::Portfolio& portfolio,
                                     std::vector<FeeSchedule> fees, SimulatedExchangeConfig config)
    : portfolio_(portfolio),
      fees_(std::move(fees)),
      config_(std::move(config)),
      next_funding_ns_(portfolio.instrument_count(), INT64_MIN),
      next_funding_index_(portfolio.instrument_count(), 0),
      rng_(config_.seed) {
  for (std::size_t i = fees_.size(); i < portfolio.instrument_count(); ++i) {
    const Instrument& instrument = portfolio.instrument(static_cast<engine::InstrumentIndex>(i));
    fees_.push_back(FeeSchedule{instrument.maker_fee(), instrument.taker_fee()});
  }
  for (std::size_t i = 0; i < portfolio.instrument_count(); ++i) {
    contract_.push_back(
        portfolio.instrument(static_cast<engine::InstrumentIndex>(i)).symbol().is_contract() ? 1
                                                                                             : 0);
  }
  std::sort(config_.funding_series.begin(), config_.funding_series.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (config_.record_orders_for) {
    record_ = std::make_unique<VenueRecord>(portfolio_, *config_.record_orders_for);
    listener_ = record_.get();
  }
}

SimulatedExchange::~SimulatedExchange() = default;

void SimulatedExchange::set_listener(engine::VenueListener* listener) {
  if (record_) {
    record_->set_downstream(listener);
  } else {
    listener_ = listener;
  }
}

Result<std::optional<store::VenueOrder>> SimulatedExchange::find_order(const ClientOrderId& id) {
  if (!record_) {
    return Error(ErrorCode::kState,
                 "the simulated exchange keeps no order record (set record_orders_for)");
  }
  return record_->find_order(id);
}

Result<std::vector<ClientOrderId>> SimulatedExchange::client_order_ids() {
  if (!record_) {
    return Error(ErrorCode::kState,
                 "the simulated exchange keeps no order record (set record_orders_for)");
  }
  return record_->client_order_ids();
}

void SimulatedExchange::submit(const engine::VenueOrder& order) {
  Resting r;
  r.order = order;
  r.remaining = order.quantity;
  std::int64_t delay = config_.latency.count();
  if (config_.latency_jitter.count() > 0) {
    delay += static_cast<std::int64_t>(
        rng_() % static_cast<std::uint64_t>(config_.latency_jitter.count() + 1));
  }
  r.active_from_ns = order.ts.ns() + delay;
  r.seq = next_seq_++;
  if (record_) record_->on_submit(order);
  const ClientOrderId id = order.client_order_id;
  const Timestamp ts = order.ts;
  orders_.push_back(std::move(r));
  if (listener_ != nullptr) listener_->on_order_accepted(id, ts);
}

void SimulatedExchange::cancel(const ClientOrderId& id, Timestamp ts) {
  for (auto it = orders_.begin(); it != orders_.end(); ++it) {
    if (it->order.client_order_id == id) {
      orders_.erase(it);
      if (listener_ != nullptr) listener_->on_order_canceled(id, "canceled", ts);
      return;
    }
  }
}

void SimulatedExchange::amend_trigger(const ClientOrderId& id, const Price& trigger, Timestamp ts) {
  (void)ts;
  for (Resting& r : orders_) {
    if (r.order.client_order_id == id) r.order.trigger_price = trigger;
  }
}

Price SimulatedExchange::slip(engine::InstrumentIndex instrument, const Price& price,
                              OrderSide side) {
  Rate total = config_.slippage;
  if (config_.random_slippage.is_positive()) {
    const auto span = static_cast<std::uint64_t>(config_.random_slippage.raw()) + 1;
    const Rate draw =
        rate(static_cast<std::int64_t>(rng_() % span), config_.random_slippage.precision());
    total = total.add(draw).value_or(total);
  }
  if (total.is_zero()) return price;
  const Rate one = rate(1, 0);
  auto factor = side == OrderSide::kBuy ? one.add(total) : one.sub(total);
  if (!factor.ok()) return price;
  auto moved = decimal_mul(price.scaled(), factor->scaled(), 18 - 4, Rounding::kHalfEven);
  if (!moved.ok()) return price;
  auto as_price = Price::from_scaled(*moved);
  if (!as_price.ok()) return price;
  auto on_grid =
      portfolio_.instrument(instrument)
          .round_price(*as_price, side == OrderSide::kBuy ? Rounding::kCeil : Rounding::kFloor);
  return on_grid.ok() ? *on_grid : price;
}

std::optional<SimulatedExchange::Match> SimulatedExchange::match(std::size_t index,
                                                                 const Candle& bar,
                                                                 const Path& path) const {
  const Resting& r = orders_[index];
  const engine::VenueOrder& o = r.order;
  const int precision = bar.open.precision();
  const bool buy = o.side == OrderSide::kBuy;
  auto level_raw = [precision](const Price& x) {
    return x.precision() == precision ? x.raw()
                                      : x.rescale(precision, Rounding::kHalfEven).value_or(x).raw();
  };
  OrderType type = o.type;
  if (r.triggered && type == OrderType::kStopLimit) type = OrderType::kLimit;
  if (r.triggered && type == OrderType::kTakeProfitLimit) type = OrderType::kLimit;
  switch (type) {
    case OrderType::kMarket:
      return Match{r.seq, 0, 0.0, bar.open, Liquidity::kTaker};
    case OrderType::kLimit: {
      const Price limit = *o.price;
      const auto at = reach(path, level_raw(limit), buy, config_.limit_requires_trade_through);
      if (!at) return std::nullopt;
      // A gap through a resting limit fills it at the open as taker; a post-only order sits in
      // the book, so it fills at its own price as maker.
      if (*at == 0.0 && o.time_in_force != TimeInForce::kPostOnly) {
        return Match{r.seq, 2, 0.0, bar.open, Liquidity::kTaker};
      }
      return Match{r.seq, 2, *at, limit, Liquidity::kMaker};
    }
    case OrderType::kStopMarket:
    case OrderType::kStopLimit:
    case OrderType::kTakeProfitMarket:
    case OrderType::kTakeProfitLimit: {
      const Price trigger = *o.trigger_price;
      // A buy stop fires on a rise, a sell stop on a fall; take-profits the other way round.
      const bool falling = is_stop(type) ? !buy : buy;
      const auto at = reach(path, level_raw(trigger), falling, false);
      if (!at) return std::nullopt;
      const int priority = is_target(type) ? 2 : 1;
      return Match{r.seq, priority, *at, *at == 0.0 ? bar.open : trigger, Liquidity::kTaker};
    }
  }
  return std::nullopt;
}

bool SimulatedExchange::fill(Resting& resting, const Price& price, Liquidity liquidity,
                             const Candle& bar, Quantity& capacity) {
  const engine::VenueOrder order = resting.order;
  const engine::InstrumentIndex instrument = order.instrument;
  const Instrument& spec = portfolio_.instrument(instrument);
  const Timestamp ts = bar.open_time;
  if (!resting.remaining) {
    // A quote-budget order: floor(budget / (price * (1 + reserve))) on the lot grid.
    const Rate one = rate(1, 0);
    auto factor = one.add(order.budget_fee_reserve);
    auto den = factor.ok() ? decimal_mul_exact(price.scaled(), factor->scaled())
                           : Result<ScaledDecimal>(factor.error());
    auto q = den.ok() ? decimal_div(order.quote_budget->scaled(), *den, spec.quantity_precision(),
                                    Rounding::kFloor)
                      : Result<ScaledDecimal>(den.error());
    auto qty = q.ok() ? Quantity::from_scaled(*q) : Result<Quantity>(q.error());
    auto stepped = qty.ok() ? spec.round_quantity(*qty, Rounding::kFloor) : qty;
    // On the lot grid by construction, so only the minimum remains to check.
    if (!stepped.ok() || !stepped->is_positive() || *stepped < spec.min_quantity()) {
      resting.remaining = Quantity::zero(spec.quantity_precision());
      if (listener_ != nullptr) {
        listener_->on_order_rejected(order.client_order_id,
                                     "quote budget buys less than the minimum quantity", ts);
      }
      return true;
    }
    resting.remaining = *stepped;
    if (listener_ != nullptr) listener_->on_quantity_resolved(order.client_order_id, *stepped, ts);
  }
  Quantity qty = *resting.remaining;
  const Position& position = portfolio_.position(instrument);
  const bool spot = spec.symbol().is_spot();
  const bool sells_spot = spot && order.side == OrderSide::kSell;
  // What the account cannot pay for is refused at the venue, as a real spot exchange does:
  // rejected when nothing filled yet, the rest canceled otherwise; the reason says why.
  auto refuse = [&](std::string reason) {
    resting.remaining = Quantity::zero(qty.precision());
    if (listener_ != nullptr) {
      if (resting.filled_any) {
        listener_->on_order_canceled(order.client_order_id, std::move(reason), ts);
      } else {
        listener_->on_order_rejected(order.client_order_id, std::move(reason), ts);
      }
    }
    return true;
  };
  if (sells_spot && !order.reduce_only) {
    const Quantity held = position.is_long() ? position.quantity() : Quantity::zero(0);
    if (held < qty) {
      return refuse(fmt::format("insufficient balance: spot sell of {} {} exceeds the {} held",
                                qty.to_string_trimmed(), spec.symbol().base().code(),
                                held.to_string_trimmed()));
    }
  }
  if (order.reduce_only) {
    const bool reduces = (position.is_long() && order.side == OrderSide::kSell) ||
                         (position.is_short() && order.side == OrderSide::kBuy);
    if (!reduces) {
      resting.remaining = Quantity::zero(qty.precision());
      if (listener_ != nullptr) {
        listener_->on_order_canceled(order.client_order_id, "reduce-only: no position to reduce",
                                     ts);
      }
      return true;
    }
    const Quantity held = position.quantity().abs().value_or(qty);
    if (held < qty) qty = held;
  }
  if (config_.max_participation.is_positive()) {
    if (capacity < qty) {
      const Quantity available =
          spec.round_quantity(capacity, Rounding::kFloor).value_or(Quantity::zero(0));
      if (order.time_in_force == TimeInForce::kFok) {
        // Fill or kill: all at once or nothing.
        resting.remaining = Quantity::zero(qty.precision());
        if (listener_ != nullptr) {
          listener_->on_order_canceled(
              order.client_order_id,
              fmt::format("FOK: only {} of {} available at once", available.to_string_trimmed(),
                          qty.to_string_trimmed()),
              ts);
        }
        return true;
      }
      qty = available;
    }
    if (!qty.is_positive()) return false;
  }
  const Rate& fee_rate =
      liquidity == Liquidity::kMaker ? fees_[instrument].maker : fees_[instrument].taker;
  auto notional = spec.notional(price, qty);
  auto fee = notional.ok() ? apply_rate(*notional, fee_rate, portfolio_.money_precision(),
                                        Rounding::kHalfEven)
                           : Result<Money>(notional.error());
  const Money fee_value = fee.ok() ? *fee : Money::zero(portfolio_.money_precision());
  if (spot && order.side == OrderSide::kBuy && notional.ok()) {
    // The cost and its fee come out of the free quote balance (equity less what holdings tie up).
    auto cost = notional->add(fee_value);
    auto available = portfolio_.available_balance();
    if (cost.ok() && available.ok() && *cost > *available) {
      return refuse(fmt::format(
          "insufficient balance: spot buy of {} {} at {} costs {} + {} fee, above the {} {} "
          "available",
          qty.to_string_trimmed(), spec.symbol().base().code(), price.to_string_trimmed(),
          notional->to_string_trimmed(), fee_value.to_string_trimmed(),
          available->to_string_trimmed(), spec.symbol().quote().code()));
    }
  }
  auto left = resting.remaining->sub(qty);
  resting.remaining = left.ok() ? *left : Quantity::zero(qty.precision());
  // Without a participation cap `capacity` is a sentinel that no quantity precision can hold:
  // leave it alone rather than fail (and build an error) on every fill.
  if (config_.max_participation.is_positive()) {
    capacity = capacity.sub(qty).value_or(Quantity::zero(0));
  }
  const bool done = !resting.remaining->is_positive();
  resting.filled_any = true;
  // The listener may submit or cancel orders: nothing of `resting` is used after this call.
  if (listener_ != nullptr) {
    listener_->on_order_filled(order.client_order_id, price, qty, fee_value, liquidity, ts);
  }
  return done;
}

void SimulatedExchange::apply_funding(engine::InstrumentIndex instrument, const Candle& bar) {
  std::int64_t& next = next_funding_ns_[instrument];
  if (!config_.funding_series.empty()) {
    // Each entry of the series is one funding event at its own time and rate, settled at the
    // open of the first bar at or after it. Entries before the first bar are history.
    std::size_t& k = next_funding_index_[instrument];
    if (next == INT64_MIN) {
      next = 0;
      while (k < config_.funding_series.size() && config_.funding_series[k].first < bar.open_time) {
        ++k;
      }
    }
    for (; k < config_.funding_series.size() && config_.funding_series[k].first <= bar.open_time;
         ++k) {
      const auto& [at, r] = config_.funding_series[k];
      if (!r.is_zero() && listener_ != nullptr) listener_->on_funding(instrument, r, bar.open, at);
    }
    return;
  }
  const std::int64_t interval = config_.funding_interval.count();
  if (next == INT64_MIN) {
    next = (Timestamp::floor_div(bar.open_time.ns(), interval) + 1) * interval;
    if (bar.open_time.ns() % interval == 0) next = bar.open_time.ns();
  }
  while (next <= bar.open_time.ns()) {
    if (!config_.funding_rate.is_zero() && listener_ != nullptr) {
      listener_->on_funding(instrument, config_.funding_rate, bar.open, Timestamp(next));
    }
    next += interval;
  }
}

void SimulatedExchange::check_liquidation(engine::InstrumentIndex instrument, const Candle& bar) {
  const Position& position = portfolio_.position(instrument);
  if (position.is_flat()) return;
  auto lp = portfolio_.liquidation_price(instrument);
  if (!lp.ok() || !lp->has_value()) return;
  const Price level = **lp;
  Price at;
  if (position.is_long()) {
    if (bar.low > level) return;
    at = bar.open < level ? bar.open : level;
  } else {
    if (bar.high < level) return;
    at = bar.open > level ? bar.open : level;
  }
  const Quantity held = position.quantity().abs().value_or(Quantity::zero(0));
  auto notional = portfolio_.instrument(instrument).notional(at, held);
  auto fee = notional.ok() ? apply_rate(*notional, fees_[instrument].taker,
                                        portfolio_.money_precision(), Rounding::kHalfEven)
                           : Result<Money>(notional.error());
  if (listener_ != nullptr) {
    listener_->on_position_liquidated(
        instrument, at, fee.ok() ? *fee : Money::zero(portfolio_.money_precision()), bar.open_time);
  }
}

void SimulatedExchange::reject_crossing_post_only(engine::InstrumentIndex instrument,
                                                  const Candle& bar) {
  // A post-only order is checked once, against the price it meets on arrival (the open of its
  // first bar): one that would take liquidity is rejected, as Binance GTX and BitGet post_only
  // orders are. Collected first: a listener may submit orders and reallocate orders_.
  std::vector<std::pair<ClientOrderId, std::string>> rejected;
  for (std::size_t i = 0; i < orders_.size();) {
    Resting& r = orders_[i];
    if (r.arrived || r.order.instrument != instrument || r.active_from_ns > bar.open_time.ns()) {
      ++i;
      continue;
    }
    r.arrived = true;
    const engine::VenueOrder& o = r.order;
    if (o.time_in_force != TimeInForce::kPostOnly || o.type != OrderType::kLimit || !o.price) {
      ++i;
      continue;
    }
    const bool buy = o.side == OrderSide::kBuy;
    const bool crosses = buy ? *o.price >= bar.open : *o.price <= bar.open;
    if (!crosses) {
      ++i;
      continue;
    }
    rejected.emplace_back(
        o.client_order_id,
        fmt::format("post-only: a {} limit at {} would take liquidity at the price {} on arrival",
                    buy ? "buy" : "sell", o.price->to_string(), bar.open.to_string()));
    orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(i));
  }
  for (auto& [id, reason] : rejected) {
    if (listener_ != nullptr) listener_->on_order_rejected(id, std::move(reason), bar.open_time);
  }
}

void SimulatedExchange::match_bar(engine::InstrumentIndex instrument, const Candle& bar) {
  const bool contract = contract_[instrument] != 0;
  if (contract) apply_funding(instrument, bar);
  if (!orders_.empty()) {
    reject_crossing_post_only(instrument, bar);
    Quantity capacity = Quantity::from_raw_unchecked(INT64_MAX, 0);
    if (config_.max_participation.is_positive()) {
      capacity =
          Quantity::from_scaled(decimal_mul(bar.volume.scaled(), config_.max_participation.scaled(),
                                            bar.volume.precision(), Rounding::kFloor)
                                    .value_or(ScaledDecimal{0, 0}))
              .value_or(Quantity::zero(0));
    }
    const int precision = bar.open.precision();
    const Path path = path_of(bar, precision);
    auto level_raw = [precision](const Price& x) {
      return x.precision() == precision
                 ? x.raw()
                 : x.rescale(precision, Rounding::kHalfEven).value_or(x).raw();
    };
    // Two passes: the second sees orders placed during the first (the brackets of an entry
    // filled in this bar) and lets only their stops fill in this bar, the conservative side.
    // Fills may cancel (OCO) or add orders, so each match is found again by its sequence number.
    auto find_seq = [this](std::uint64_t seq) {
      return std::find_if(orders_.begin(), orders_.end(),
                          [seq](const Resting& r) { return r.seq == seq; });
    };
    auto later = [](const Match& a, const Match& b) {
      if (a.priority != b.priority) return a.priority < b.priority;
      return a.path_position < b.path_position;
    };
    std::uint64_t seen_below = 0;  // pass 1 looks only at orders submitted during pass 0
    for (int pass = 0; pass < 2; ++pass) {
      matches_.clear();
      const std::uint64_t first_new = next_seq_;
      for (std::size_t i = 0; i < orders_.size(); ++i) {
        const Resting& r = orders_[i];
        if (r.seq < seen_below) continue;
        if (r.order.instrument != instrument || r.active_from_ns > bar.open_time.ns()) continue;
        if (auto m = match(i, bar, path)) {
          if (pass == 1 && m->priority != 1) continue;
          matches_.push_back(*m);
        }
      }
      stable_sort_small(matches_, later);
      // Handlers below may reenter via submit; process_bar itself never reenters.
      std::vector<Match>& pending = pending_;
      pending.assign(matches_.begin(), matches_.end());
      for (std::size_t k = 0; k < pending.size(); ++k) {
        const Match m = pending[k];
        auto it = find_seq(m.seq);
        if (it == orders_.end()) continue;
        const ClientOrderId id = it->order.client_order_id;
        const OrderType type = it->order.type;
        const bool buy = it->order.side == OrderSide::kBuy;
        Price price = m.price;
        if ((is_stop(type) || is_target(type)) && !it->triggered) {
          it->triggered = true;
          if (listener_ != nullptr) {
            listener_->on_order_triggered(id, bar.open_time);
            it = find_seq(m.seq);
            if (it == orders_.end()) continue;
          }
          if (type == OrderType::kStopLimit || type == OrderType::kTakeProfitLimit) {
            // The limit arrives where the path stands at the trigger. Marketable there, it takes
            // at that price; otherwise it rests and fills, as maker, where the rest of this
            // bar's path trades through it — after every stop of the bar, like any limit.
            const Price limit = *it->order.price;
            const bool marketable = buy ? limit >= m.price : limit <= m.price;
            if (!marketable) {
              const auto at =
                  reach_after(path, m.path_position, level_raw(m.price), level_raw(limit), buy,
                              config_.limit_requires_trade_through);
              if (at) {
                const Match rest{m.seq, 2, *at, limit, Liquidity::kMaker};
                pending.insert(
                    std::upper_bound(pending.begin() + static_cast<std::ptrdiff_t>(k) + 1,
                                     pending.end(), rest, later),
                    rest);
              }
              continue;
            }
          }
        }
        if (m.liquidity == Liquidity::kTaker && it->order.type != OrderType::kLimit) {
          price = slip(instrument, price, it->order.side);
          // A limit-bearing order never fills beyond its limit.
          if (it->order.price && (buy ? price > *it->order.price : price < *it->order.price)) {
            price = *it->order.price;
          }
        }
        const bool done = fill(*it, price, m.liquidity, bar, capacity);
        if (done) {
          auto gone = find_seq(m.seq);
          if (gone != orders_.end()) orders_.erase(gone);
        }
      }
      seen_below = first_new;
      if (next_seq_ == first_new) break;  // nothing new was placed
    }
    // What an IOC left unfilled is canceled at the end of its first bar; a FOK that did not
    // fill in its first bar is canceled whole.
    for (std::size_t i = 0; i < orders_.size();) {
      const Resting& r = orders_[i];
      const TimeInForce tif = r.order.time_in_force;
      const bool immediate = tif == TimeInForce::kIoc || tif == TimeInForce::kFok;
      if (r.order.instrument == instrument && immediate && r.active_from_ns <= bar.open_time.ns()) {
        const ClientOrderId id = r.order.client_order_id;
        orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(i));
        if (listener_ != nullptr) {
          listener_->on_order_canceled(id,
                                       tif == TimeInForce::kIoc
                                           ? "IOC: unfilled rest canceled"
                                           : "FOK: the price was not reached in its first bar",
                                       bar.open_time);
        }
        continue;
      }
      ++i;
    }
  }
  if (contract && config_.liquidations) check_liquidation(instrument, bar);
}

}  // namespace omega::backtest
