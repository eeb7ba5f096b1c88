// Implements Portfolio: fills, marks, funding, margins and liquidation prices in fixed point.
#include "engine/portfolio.hpp"

#include <fmt/format.h>

#include "model/decimal_math.hpp"

namespace omega::engine {
namespace {

Money money(std::int64_t raw, int precision) {
  return Money::from_raw_unchecked(raw, precision);
}

Rate rate(std::int64_t raw, int precision) {
  return Rate::from_raw_unchecked(raw, precision);
}

Result<Money> round_money(const Money& m, int precision) {
  if (m.precision() <= precision) return m;
  return m.rescale(precision, Rounding::kHalfEven);
}

// Returns the price where a position's margin balance meets its maintenance margin
// (Binance USD-M, one position): long (E - WB - cum) / (Q (1 - mmr)), short
// (E + WB + cum) / (Q (1 + mmr)); rounded toward the entry so checks err safe.
Result<std::optional<Price>> liquidation_formula(bool is_long, const Money& entry_cost,
                                                 const Money& wallet, const MarginTier& tier,
                                                 const Quantity& base_quantity,
                                                 int price_precision) {
  const Rate one = rate(1, 0);
  OMEGA_ASSIGN_OR_RETURN(Rate factor,
                         is_long ? one.sub(tier.maintenance_rate) : one.add(tier.maintenance_rate));
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal den,
                         decimal_mul_exact(base_quantity.scaled(), factor.scaled()));
  Money num;
  if (is_long) {
    OMEGA_ASSIGN_OR_RETURN(Money a, entry_cost.sub(wallet));
    OMEGA_ASSIGN_OR_RETURN(num, a.sub(tier.maintenance_amount));
    if (!num.is_positive()) return std::optional<Price>();
  } else {
    OMEGA_ASSIGN_OR_RETURN(Money a, entry_cost.add(wallet));
    OMEGA_ASSIGN_OR_RETURN(num, a.add(tier.maintenance_amount));
    if (!num.is_positive()) return std::optional<Price>(Price::zero(price_precision));
  }
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal lp,
                         decimal_div(num.scaled(), den, price_precision,
                                     is_long ? Rounding::kCeil : Rounding::kFloor));
  OMEGA_ASSIGN_OR_RETURN(Price price, Price::from_scaled(lp));
  return std::optional<Price>(price);
}

}  // namespace

std::vector<MarginTier> default_margin_tiers() {
  // Brackets of Binance USD-M BTCUSDT (2024). The amount of each bracket keeps the margin
  // continuous: cum_n = cum_(n-1) + max_(n-1) * (rate_n - rate_(n-1)).
  struct Row {
    std::int64_t max_notional;
    std::int64_t rate_permille_x10;  // rate in 0.01 % units
  };
  constexpr Row kRows[] = {{50'000, 40},        {600'000, 50},       {3'000'000, 100},
                           {12'000'000, 250},   {70'000'000, 500},   {100'000'000, 1000},
                           {230'000'000, 1250}, {480'000'000, 1500}, {600'000'000, 2500},
                           {800'000'000, 5000}};
  std::vector<MarginTier> tiers;
  std::int64_t cum_x1e4 = 0;
  std::int64_t prev_max = 0;
  std::int64_t prev_rate = 0;
  for (const Row& row : kRows) {
    cum_x1e4 += prev_max * (row.rate_permille_x10 - prev_rate);
    tiers.push_back(
        MarginTier{money(row.max_notional, 0), rate(row.rate_permille_x10, 4), money(cum_x1e4, 4)});
    prev_max = row.max_notional;
    prev_rate = row.rate_permille_x10;
  }
  return tiers;
}

Result<Money> RoundTrip::net_pnl() const {
  OMEGA_ASSIGN_OR_RETURN(Money a, realized_pnl.sub(fees));
  return a.sub(funding);
}

Portfolio::Portfolio(Money starting_balance, int money_precision)
    : wallet_(starting_balance),
      fees_paid_(Money::zero(money_precision)),
      funding_paid_(Money::zero(money_precision)),
      money_precision_(money_precision) {}

Result<InstrumentIndex> Portfolio::add_instrument(AccountInstrument spec) {
  const Symbol& symbol = spec.instrument.symbol();
  if (spec.leverage < 1 || spec.leverage > spec.instrument.max_leverage()) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{}: leverage {} outside 1..{}", symbol.to_string(), spec.leverage,
                             spec.instrument.max_leverage()));
  }
  if (symbol.is_inverse()) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{}: inverse contracts are not supported", symbol.to_string()));
  }
  if (symbol.is_contract() && spec.tiers.empty()) spec.tiers = default_margin_tiers();
  const MarginMode mode = symbol.is_spot() ? MarginMode::kIsolated : spec.margin_mode;
  const std::int32_t leverage = symbol.is_spot() ? 1 : spec.leverage;
  Position position(symbol, PositionSide::kBoth, mode, leverage, spec.instrument.contract_size());
  spec.margin_mode = mode;
  spec.leverage = leverage;
  books_.push_back(
      Book{std::move(spec), position, Price(), Money::zero(money_precision_), std::nullopt});
  return static_cast<InstrumentIndex>(books_.size() - 1);
}

Status Portfolio::refresh_unrealized(Book& book) {
  if (book.position.is_flat()) {
    book.unrealized = Money::zero(money_precision_);
    return ok_status();
  }
  // Per-bar fast path (contract size 1, entry cost at the exact product's precision): one
  // 128-bit multiply instead of the general checked chain; same exact value.
  const Quantity& q = book.position.quantity();
  const Money& cost = book.position.entry_cost();
  const Quantity& size = book.spec.instrument.contract_size();
  if (size.raw() == 1 && size.precision() == 0 &&
      book.mark.precision() + q.precision() == cost.precision()) {
    const Int128 value = static_cast<Int128>(book.mark.raw()) * q.raw();  // signed
    const Int128 pnl = value - (q.is_negative() ? -static_cast<Int128>(cost.raw())
                                                : static_cast<Int128>(cost.raw()));
    if (pnl >= INT64_MIN && pnl <= INT64_MAX) {
      book.unrealized = Money::from_raw_unchecked(static_cast<std::int64_t>(pnl), cost.precision());
      return ok_status();
    }
  }
  OMEGA_ASSIGN_OR_RETURN(book.unrealized, book.position.unrealized_pnl(book.mark));
  return ok_status();
}

Result<PositionChangeKind> Portfolio::apply_fill(InstrumentIndex i, OrderSide side,
                                                 const Price& price, const Quantity& quantity,
                                                 const Money& fee, Timestamp ts) {
  Book& book = books_[i];
  const Quantity before = book.position.quantity();
  OMEGA_ASSIGN_OR_RETURN(Quantity held, before.abs());
  const bool opening_only = before.is_zero() || (sign(side) > 0) == before.is_positive();
  if (book.spec.instrument.symbol().is_spot() && side == OrderSide::kSell &&
      (opening_only || quantity > held)) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{}: spot sell of {} exceeds the {} held",
                             book.spec.instrument.symbol().to_string(),
                             quantity.to_string_trimmed(), held.to_string_trimmed()));
  }
  const Quantity closing =
      opening_only ? Quantity::zero(quantity.precision()) : (quantity < held ? quantity : held);
  OMEGA_ASSIGN_OR_RETURN(Quantity opening, quantity.sub(closing));
  OMEGA_ASSIGN_OR_RETURN(Money rounded_fee, round_money(fee, money_precision_));

  const Money realized_before = book.position.realized_pnl();
  Position updated = book.position;
  OMEGA_TRY(updated.apply_fill(side, price, quantity, rounded_fee));
  OMEGA_ASSIGN_OR_RETURN(Money realized_delta, updated.realized_pnl().sub(realized_before));
  OMEGA_ASSIGN_OR_RETURN(Money wallet_gain, realized_delta.sub(rounded_fee));
  OMEGA_ASSIGN_OR_RETURN(Money wallet, wallet_.add(wallet_gain));
  OMEGA_ASSIGN_OR_RETURN(Money fees_paid, fees_paid_.add(rounded_fee));

  // Round-trip bookkeeping on copies, committed with the rest.
  std::optional<RoundTrip> trip = book.trip;
  std::optional<RoundTrip> finished;
  if (closing.is_positive() && trip) {
    OMEGA_ASSIGN_OR_RETURN(Money exit_value, book.spec.instrument.notional(price, closing));
    OMEGA_ASSIGN_OR_RETURN(trip->exit_notional, trip->exit_notional.add(exit_value));
    OMEGA_ASSIGN_OR_RETURN(trip->realized_pnl, trip->realized_pnl.add(realized_delta));
    // A flip's fee stays with the trip it closes.
    OMEGA_ASSIGN_OR_RETURN(trip->fees, trip->fees.add(rounded_fee));
    if (updated.is_flat() || opening.is_positive()) {
      trip->exit_time = ts;
      finished = trip;
      trip.reset();
    }
  }
  if (opening.is_positive()) {
    if (!trip) {
      trip = RoundTrip{};
      trip->instrument = i;
      trip->is_long = side == OrderSide::kBuy;
      trip->entry_time = ts;
      trip->entry_notional = Money::zero(money_precision_);
      trip->exit_notional = Money::zero(money_precision_);
      trip->fees = Money::zero(money_precision_);
      trip->funding = Money::zero(money_precision_);
      trip->realized_pnl = Money::zero(money_precision_);
    }
    OMEGA_ASSIGN_OR_RETURN(Money entry_value, book.spec.instrument.notional(price, opening));
    OMEGA_ASSIGN_OR_RETURN(trip->entry_notional, trip->entry_notional.add(entry_value));
    OMEGA_ASSIGN_OR_RETURN(trip->entered, trip->entered.add(opening));
    if (closing.is_zero()) {
      OMEGA_ASSIGN_OR_RETURN(trip->fees, trip->fees.add(rounded_fee));
    }
  }
  if (trip) {
    OMEGA_ASSIGN_OR_RETURN(Quantity now_held, updated.quantity().abs());
    if (now_held > trip->size) trip->size = now_held;
  }

  book.position = updated;
  wallet_ = wallet;
  fees_paid_ = fees_paid;
  book.trip = trip;
  if (finished) trips_.push_back(*finished);
  if (book.mark.is_zero()) book.mark = price;
  OMEGA_TRY(refresh_unrealized(book));
  if (before.is_zero()) return PositionChangeKind::kOpened;
  if (book.position.is_flat()) return PositionChangeKind::kClosed;
  return PositionChangeKind::kChanged;
}

Result<Money> Portfolio::apply_funding(InstrumentIndex i, const Rate& funding_rate,
                                       const Price& mark, Timestamp ts) {
  Book& book = books_[i];
  if (book.position.is_flat() || book.spec.instrument.symbol().is_spot()) {
    return Money::zero(money_precision_);
  }
  OMEGA_ASSIGN_OR_RETURN(Money signed_value,
                         book.spec.instrument.notional(mark, book.position.quantity()));
  OMEGA_ASSIGN_OR_RETURN(
      Money paid, apply_rate(signed_value, funding_rate, money_precision_, Rounding::kHalfEven));
  OMEGA_ASSIGN_OR_RETURN(Money wallet, wallet_.sub(paid));
  OMEGA_ASSIGN_OR_RETURN(Money funding_paid, funding_paid_.add(paid));
  if (book.trip) {
    OMEGA_ASSIGN_OR_RETURN(book.trip->funding, book.trip->funding.add(paid));
  }
  wallet_ = wallet;
  funding_paid_ = funding_paid;
  (void)ts;
  return paid;
}

Status Portfolio::liquidate(InstrumentIndex i, const Price& price, const Money& fee, Timestamp ts) {
  Book& book = books_[i];
  if (book.position.is_flat()) return ok_status();
  const OrderSide side = book.position.is_long() ? OrderSide::kSell : OrderSide::kBuy;
  OMEGA_ASSIGN_OR_RETURN(Quantity held, book.position.quantity().abs());
  OMEGA_TRY(apply_fill(i, side, price, held, fee, ts).ok()
                ? ok_status()
                : Status(Error(ErrorCode::kInternal, "liquidation fill failed")));
  if (!trips_.empty()) trips_.back().liquidated = true;
  return ok_status();
}

Result<Money> Portfolio::unrealized_pnl() const {
  Money total = Money::zero(money_precision_);
  for (const Book& book : books_) {
    if (book.position.is_flat()) continue;
    OMEGA_ASSIGN_OR_RETURN(total, total.add(book.unrealized));
  }
  return total;
}

Result<Money> Portfolio::equity_slow() const {
  OMEGA_ASSIGN_OR_RETURN(Money upnl, unrealized_pnl());
  return wallet_.add(upnl);
}

Result<Money> Portfolio::position_notional(InstrumentIndex i) const {
  const Book& book = books_[i];
  if (book.position.is_flat()) return Money::zero(money_precision_);
  OMEGA_ASSIGN_OR_RETURN(Quantity held, book.position.quantity().abs());
  return book.spec.instrument.notional(book.mark, held);
}

Result<Money> Portfolio::total_notional() const {
  Money total = Money::zero(money_precision_);
  for (InstrumentIndex i = 0; i < books_.size(); ++i) {
    OMEGA_ASSIGN_OR_RETURN(Money n, position_notional(i));
    OMEGA_ASSIGN_OR_RETURN(total, total.add(n));
  }
  return total;
}

Result<Money> Portfolio::initial_margin(InstrumentIndex i) const {
  const Book& book = books_[i];
  if (book.position.is_flat()) return Money::zero(money_precision_);
  return book.position.initial_margin();
}

const MarginTier* Portfolio::tier_for(const Book& book, const Money& notional) const {
  for (const MarginTier& tier : book.spec.tiers) {
    if (notional <= tier.max_notional) return &tier;
  }
  return book.spec.tiers.empty() ? nullptr : &book.spec.tiers.back();
}

Result<Money> Portfolio::maintenance_margin(InstrumentIndex i) const {
  const Book& book = books_[i];
  if (book.position.is_flat() || book.spec.tiers.empty()) return Money::zero(money_precision_);
  OMEGA_ASSIGN_OR_RETURN(Money notional, position_notional(i));
  const MarginTier* tier = tier_for(book, notional);
  OMEGA_ASSIGN_OR_RETURN(
      Money gross, apply_rate(notional, tier->maintenance_rate, money_precision_, Rounding::kCeil));
  return gross.sub(tier->maintenance_amount);
}

Result<Money> Portfolio::available_balance() const {
  OMEGA_ASSIGN_OR_RETURN(Money available, equity());
  for (InstrumentIndex i = 0; i < books_.size(); ++i) {
    if (books_[i].position.is_flat()) continue;
    OMEGA_ASSIGN_OR_RETURN(Money im, initial_margin(i));
    OMEGA_ASSIGN_OR_RETURN(available, available.sub(im));
  }
  return available;
}

Result<std::optional<Price>> Portfolio::liquidation_price(InstrumentIndex i) const {
  const Book& book = books_[i];
  if (book.position.is_flat() || book.spec.instrument.symbol().is_spot()) {
    return std::optional<Price>();
  }
  OMEGA_ASSIGN_OR_RETURN(Money notional, position_notional(i));
  const MarginTier* tier = tier_for(book, notional);
  Money wallet;
  if (book.spec.margin_mode == MarginMode::kIsolated) {
    OMEGA_ASSIGN_OR_RETURN(wallet, book.position.isolated_margin());
  } else {
    // Cross: the shared wallet, less margin held elsewhere, plus the other cross positions'
    // unrealized PnL (Binance's TMM1 / UPNL1 terms).
    wallet = wallet_;
    for (InstrumentIndex j = 0; j < books_.size(); ++j) {
      const Book& other = books_[j];
      if (j == i || other.position.is_flat()) continue;
      if (other.spec.margin_mode == MarginMode::kIsolated) {
        OMEGA_ASSIGN_OR_RETURN(Money im, initial_margin(j));
        OMEGA_ASSIGN_OR_RETURN(wallet, wallet.sub(im));
      } else {
        OMEGA_ASSIGN_OR_RETURN(Money mm, maintenance_margin(j));
        OMEGA_ASSIGN_OR_RETURN(wallet, wallet.sub(mm));
        OMEGA_ASSIGN_OR_RETURN(wallet, wallet.add(other.unrealized));
      }
    }
  }
  OMEGA_ASSIGN_OR_RETURN(Quantity held, book.position.quantity().abs());
  OMEGA_ASSIGN_OR_RETURN(
      ScaledDecimal base,
      decimal_mul_exact(held.scaled(), book.spec.instrument.contract_size().scaled()));
  OMEGA_ASSIGN_OR_RETURN(Quantity base_quantity, Quantity::from_scaled(base));
  return liquidation_formula(book.position.is_long(), book.position.entry_cost(), wallet, *tier,
                             base_quantity, book.spec.instrument.price_precision());
}

}  // namespace omega::engine
