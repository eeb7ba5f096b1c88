// Implements FibonacciTrader: levels and sizes in fixed point, structure from SwingTracker.
#include "bots/fibonacci_trader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/decimal_math.hpp"

namespace omega::bots {
namespace {

Result<Rate> read_rate(const Config& params, std::string_view key, const char* fallback,
                       const char* lo, const char* hi) {
  OMEGA_ASSIGN_OR_RETURN(std::string text, params.get_or<std::string>(key, fallback));
  auto value = Rate::parse(text);
  if (!value.ok() || *value < Rate::parse(lo).value() || *value > Rate::parse(hi).value()) {
    return params.invalid(key, fmt::format("must be a decimal in [{}, {}]", lo, hi));
  }
  return *value;
}

// Returns base + sign * ratio * range at the price precision, the result rounded toward
// `rounding` (kFloor or kCeil): the product rounds the other way when it is subtracted.
Result<Price> offset(std::int64_t base_raw, int sign, const Rate& ratio, std::int64_t range_raw,
                     int precision, Rounding rounding) {
  const Rounding product_rounding =
      sign > 0 ? rounding : (rounding == Rounding::kFloor ? Rounding::kCeil : Rounding::kFloor);
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal moved,
                         decimal_mul(ScaledDecimal{range_raw, precision}, ratio.scaled(), precision,
                                     product_rounding));
  const std::int64_t raw = base_raw + sign * moved.raw;
  if (raw <= 0) return Error(ErrorCode::kOutOfRange, "level below zero");
  return Price::from_raw(raw, precision);
}

}  // namespace

Status FibonacciTrader::on_initialize(const Config& params) {
  OMEGA_TRY(params.check_keys({"swing_strength", "risk_fraction", "entry_level", "stop", "target1",
                               "target2", "scale_in", "scale_level", "scale_ratio", "max_leverage",
                               "allow_short"}));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t strength, params.get_or<std::int64_t>("swing_strength", 5));
  if (strength < 1 || strength > 500) return params.invalid("swing_strength", "must be 1..500");
  swing_strength_ = static_cast<int>(strength);
  OMEGA_ASSIGN_OR_RETURN(risk_fraction_,
                         read_rate(params, "risk_fraction", "0.01", "0.0001", "0.2"));
  OMEGA_ASSIGN_OR_RETURN(entry_level_, read_rate(params, "entry_level", "0.618", "0.236", "0.95"));
  OMEGA_ASSIGN_OR_RETURN(std::string stop, params.get_or<std::string>("stop", "0.786"));
  if (stop == "swing") {
    stop_at_swing_ = true;
  } else {
    OMEGA_ASSIGN_OR_RETURN(stop_level_, read_rate(params, "stop", "0.786", "0.3", "1"));
    if (stop_level_ <= entry_level_) return params.invalid("stop", "must lie beyond entry_level");
  }
  OMEGA_ASSIGN_OR_RETURN(target1_, read_rate(params, "target1", "1.272", "1", "5"));
  OMEGA_ASSIGN_OR_RETURN(target2_, read_rate(params, "target2", "1.618", "1", "5"));
  if (target2_ < target1_) return params.invalid("target2", "must be at least target1");
  OMEGA_ASSIGN_OR_RETURN(scale_in_, params.get_or<bool>("scale_in", false));
  OMEGA_ASSIGN_OR_RETURN(scale_level_, read_rate(params, "scale_level", "0.786", "0.3", "0.99"));
  OMEGA_ASSIGN_OR_RETURN(scale_ratio_, read_rate(params, "scale_ratio", "0.618", "0.1", "2"));
  if (scale_in_) {
    if (scale_level_ <= entry_level_) {
      return params.invalid("scale_level", "must lie beyond entry_level");
    }
    stop_at_swing_ = true;  // the deeper entry needs room: the stop goes beyond the swing
  }
  OMEGA_ASSIGN_OR_RETURN(max_leverage_, params.get_or<std::int64_t>("max_leverage", 3));
  if (max_leverage_ < 1 || max_leverage_ > 125) return params.invalid("max_leverage", "1..125");
  OMEGA_ASSIGN_OR_RETURN(allow_short_, params.get_or<bool>("allow_short", true));
  tracker_.emplace(swing_strength_);
  return ok_status();
}

void FibonacciTrader::cancel_pending(engine::InstrumentIndex instrument) {
  for (const ClientOrderId& id : std::vector<ClientOrderId>(pending_)) {
    (void)ctx().cancel_order(id);
  }
  pending_.clear();
  if (setup_) ctx().publish_signal(instrument, "fib_levels_cleared", 0.0);
  setup_.reset();
}

void FibonacciTrader::on_order_event(const engine::OrderUpdated& u) {
  using Kind = engine::OrderUpdateKind;
  if (u.kind == Kind::kDenied) ++denials_;
  if (u.kind == Kind::kFilled && (u.tag == "fib_entry" || u.tag == "fib_scale")) ++entries_filled_;
  const bool finished = u.kind == Kind::kFilled || u.kind == Kind::kCanceled ||
                        u.kind == Kind::kRejected || u.kind == Kind::kDenied;
  if (!finished) return;
  pending_.erase(std::remove(pending_.begin(), pending_.end(), u.client_order_id), pending_.end());
}

void FibonacciTrader::on_candle(const engine::CandleClosed& event) {
  const Candle& bar = event.candle;
  const auto swing = tracker_->update(bar.high.raw(), bar.low.raw());
  const Trend trend = tracker_->trend();
  if (trend != last_trend_) {
    last_trend_ = trend;
    ctx().publish_signal(event.instrument, "fib_trend", static_cast<double>(trend));
  }
  const Position& position = ctx().cache().portfolio().position(event.instrument);
  // A resting setup dies when the price closes beyond its stop or runs to the target first.
  if (setup_ && !pending_.empty()) {
    const bool long_setup = setup_->direction > 0;
    const bool stopped = long_setup ? bar.close <= setup_->stop : bar.close >= setup_->stop;
    const bool ran =
        long_setup ? bar.high >= setup_->first_target : bar.low <= setup_->first_target;
    if ((stopped || ran) && position.is_flat()) cancel_pending(event.instrument);
  }
  if (!swing || !position.is_flat()) return;
  const auto& swings = tracker_->swings();
  if (swings.size() < 2) return;
  const Swing& last = swings.back();
  const Swing& before = swings[swings.size() - 2];
  const bool spot = ctx().cache().portfolio().instrument(event.instrument).symbol().is_spot();
  if (trend == Trend::kUp && last.is_high) {
    cancel_pending(event.instrument);
    place(event.instrument, +1, before.price, last.price, bar.close);
  } else if (trend == Trend::kDown && !last.is_high && allow_short_ && !spot) {
    cancel_pending(event.instrument);
    place(event.instrument, -1, before.price, last.price, bar.close);
  }
}

void FibonacciTrader::place(engine::InstrumentIndex instrument, int d, std::int64_t origin_raw,
                            std::int64_t anchor_raw, const Price& close) {
  const int pp = close.precision();
  const std::int64_t range = d > 0 ? anchor_raw - origin_raw : origin_raw - anchor_raw;
  if (range <= 0) return;
  const engine::Portfolio& account = ctx().cache().portfolio();
  const Instrument& spec = account.instrument(instrument);
  // Longs round levels down, shorts up: entries a little deeper, stops a little further.
  const Rounding toward = d > 0 ? Rounding::kFloor : Rounding::kCeil;
  auto entry = offset(anchor_raw, -d, entry_level_, range, pp, toward);
  auto stop = stop_at_swing_ ? Price::from_raw(origin_raw - d, pp)
                             : offset(anchor_raw, -d, stop_level_, range, pp, toward);
  if (stop.ok() && !stop_at_swing_) stop = Price::from_raw(stop->raw() - d, pp);
  auto tp1 = offset(origin_raw, d, target1_, range, pp, toward);
  auto tp2 = offset(origin_raw, d, target2_, range, pp, toward);
  if (!entry.ok() || !stop.ok() || !tp1.ok() || !tp2.ok() || !stop->is_positive()) return;
  // The swing is confirmed swing_strength bars late: a close already beyond the stop has
  // invalidated the setup (the rule that cancels resting entries), and its marketable entries
  // would fill at the next open with their stops already crossed.
  if (d > 0 ? close <= *stop : close >= *stop) return;
  // Likewise a close already through the entry: the retracement into the pocket happened while
  // the swing was still unconfirmed, and the "limit" would be a market order at the next open,
  // closer to the stop than planned — a different, stale trade.
  if (d > 0 ? close <= *entry : close >= *entry) return;
  auto equity = account.equity();
  if (!equity.ok() || !equity->is_positive()) return;
  auto risk = apply_rate(*equity, risk_fraction_, account.money_precision(), Rounding::kFloor);
  if (!risk.ok()) return;
  // Risk per unit: what one unit loses when stopped — the distance to the stop plus the fees of
  // the maker entry and the taker stop — plus the scaled entry's share when scaling in. Without
  // the fees a stopped trade lost more than risk_fraction (with a stop 0.4 % away and 0.1 % fees
  // a side, half as much again).
  auto loss_per_unit = [&](const Price& at) -> Result<ScaledDecimal> {
    OMEGA_ASSIGN_OR_RETURN(Price distance, d > 0 ? at.sub(*stop) : stop->sub(at));
    if (!distance.is_positive()) return Error(ErrorCode::kOutOfRange, "stop not beyond entry");
    const Rate zero = Rate::zero(0);
    const Rate maker = spec.maker_fee() > zero ? spec.maker_fee() : zero;
    const Rate taker = spec.taker_fee() > zero ? spec.taker_fee() : zero;
    OMEGA_ASSIGN_OR_RETURN(ScaledDecimal in_fee,
                           decimal_mul(at.scaled(), maker.scaled(), pp + 6, Rounding::kCeil));
    OMEGA_ASSIGN_OR_RETURN(ScaledDecimal out_fee,
                           decimal_mul(stop->scaled(), taker.scaled(), pp + 6, Rounding::kCeil));
    OMEGA_ASSIGN_OR_RETURN(ScaledDecimal fees, decimal_add(in_fee, out_fee));
    return decimal_add(distance.scaled(), fees);
  };
  auto d1 = loss_per_unit(*entry);
  if (!d1.ok()) return;
  ScaledDecimal per_unit = *d1;
  std::optional<Price> scale_price;
  if (scale_in_) {
    auto e2 = offset(anchor_raw, -d, scale_level_, range, pp, toward);
    if (!e2.ok()) return;
    auto d2 = loss_per_unit(*e2);
    if (!d2.ok()) return;
    auto share = decimal_mul(*d2, scale_ratio_.scaled(), pp + 9, Rounding::kCeil);
    auto total = share.ok() ? decimal_add(per_unit, *share) : Result<ScaledDecimal>(share.error());
    if (!total.ok()) return;
    per_unit = *total;
    scale_price = *e2;
  }
  auto raw_qty = decimal_div(risk->scaled(), per_unit, spec.quantity_precision(), Rounding::kFloor);
  if (!raw_qty.ok()) return;
  Quantity qty = Quantity::from_scaled(*raw_qty).value_or(Quantity::zero(0));
  // Never more than max_leverage times equity in notional, nor more than the account can hold:
  // its leverage on contracts, 1x on spot (a spot account cannot borrow). The cap used to be
  // max_leverage alone, so a spot account sized up to 3x its cash.
  std::int64_t leverage = max_leverage_;
  const std::int64_t account_leverage =
      spec.symbol().is_spot() ? 1 : account.account_instrument(instrument).leverage;
  if (account_leverage < leverage) leverage = std::max<std::int64_t>(1, account_leverage);
  auto cap_notional = equity->mul(leverage);
  // With scaling in, the deeper order adds scale_ratio times the base size at its price.
  Result<ScaledDecimal> cap_price = entry->scaled();
  if (scale_price) {
    auto deeper =
        decimal_mul(scale_price->scaled(), scale_ratio_.scaled(), pp + 6, Rounding::kCeil);
    cap_price = deeper.ok() ? decimal_add(entry->scaled(), *deeper) : deeper;
  }
  auto cap = cap_notional.ok() && cap_price.ok()
                 ? decimal_div(cap_notional->scaled(), *cap_price, spec.quantity_precision(),
                               Rounding::kFloor)
                 : Result<ScaledDecimal>(Error(ErrorCode::kOverflow, "notional cap"));
  if (cap.ok()) {
    const Quantity cap_qty = Quantity::from_scaled(*cap).value_or(qty);
    if (cap_qty < qty) qty = cap_qty;
  }
  qty = spec.round_quantity(qty, Rounding::kFloor).value_or(Quantity::zero(0));
  if (!spec.validate_quantity(qty).ok()) return;
  const Quantity half =
      spec.round_quantity(qty.div(2, Rounding::kFloor).value_or(qty), Rounding::kFloor)
          .value_or(Quantity::zero(0));
  const Quantity rest = qty.sub(half).value_or(qty);

  engine::SubmitOrder base;
  base.instrument = instrument;
  base.side = d > 0 ? OrderSide::kBuy : OrderSide::kSell;
  base.type = OrderType::kLimit;
  base.price = *entry;
  base.stop_loss = *stop;
  base.tag = "fib_entry";
  auto send = [this](const engine::SubmitOrder& o) {
    auto id = ctx().submit_order(o);
    if (id.ok()) pending_.push_back(*id);
  };
  if (half.is_positive() && spec.validate_quantity(half).ok()) {
    engine::SubmitOrder first = base;
    first.quantity = half;
    first.take_profit = *tp1;
    send(first);
    engine::SubmitOrder second = base;
    second.quantity = rest;
    second.take_profit = *tp2;
    send(second);
  } else {
    engine::SubmitOrder only = base;
    only.quantity = qty;
    only.take_profit = *tp1;
    send(only);
  }
  if (scale_price) {
    auto scaled = qty.scaled();
    auto q =
        decimal_mul(scaled, scale_ratio_.scaled(), spec.quantity_precision(), Rounding::kFloor);
    const Quantity scale_qty =
        q.ok() ? spec.round_quantity(Quantity::from_scaled(*q).value_or(Quantity::zero(0)),
                                     Rounding::kFloor)
                     .value_or(Quantity::zero(0))
               : Quantity::zero(0);
    if (spec.validate_quantity(scale_qty).ok()) {
      engine::SubmitOrder deeper = base;
      deeper.price = *scale_price;
      deeper.quantity = scale_qty;
      deeper.take_profit = *tp1;
      deeper.tag = "fib_scale";
      send(deeper);
    }
  }
  setup_ = Setup{d, *stop, *tp1};
  ++setups_;
  // The levels this setup trades, for reports and other services: one JSON object per setup.
  std::string levels = fmt::format(
      R"({{"direction":"{}","origin":{},"anchor":{},"entry":{},"stop":{},"target1":{},"target2":{})",
      d > 0 ? "long" : "short", Price::from_raw_unchecked(origin_raw, pp).to_string_trimmed(),
      Price::from_raw_unchecked(anchor_raw, pp).to_string_trimmed(), entry->to_string_trimmed(),
      stop->to_string_trimmed(), tp1->to_string_trimmed(), tp2->to_string_trimmed());
  if (scale_price) levels += fmt::format(R"(,"scale":{})", scale_price->to_string_trimmed());
  levels += "}";
  ctx().publish_signal(instrument, "fib_levels", entry->to_double(), std::move(levels));
}

void FibonacciTrader::update_metrics(engine::BotMetrics& metrics) {
  metrics["setups"] = static_cast<double>(setups_);
  metrics["entries_filled"] = static_cast<double>(entries_filled_);
  metrics["denied_orders"] = static_cast<double>(denials_);
}

}  // namespace omega::bots
