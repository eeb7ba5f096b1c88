#include "model/position.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

using i128 = Int128;

Result<Money> value_of(const Price& price, const Quantity& quantity,
                       const Quantity& contract_size) {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal base, decimal_mul_exact(price.scaled(), quantity.scaled()));
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal value, decimal_mul_exact(base, contract_size.scaled()));
  return Money::from_scaled(value);
}

// Returns cost * part / whole rounded half-even at cost's precision (0 < part < whole).
Result<Money> pro_rata(const Money& cost, const Quantity& part, const Quantity& whole) {
  const int p = part.precision() > whole.precision() ? part.precision() : whole.precision();
  OMEGA_ASSIGN_OR_RETURN(Quantity part_p, part.rescale(p, Rounding::kExact));
  OMEGA_ASSIGN_OR_RETURN(Quantity whole_p, whole.rescale(p, Rounding::kExact));
  i128 q = 0;
  round_div_i128(static_cast<i128>(cost.raw()) * part_p.raw(), whole_p.raw(), Rounding::kHalfEven,
                 q);
  return Money::from_raw_unchecked(static_cast<std::int64_t>(q), cost.precision());
}

}  // namespace

std::string_view to_string(PositionSide side) {
  switch (side) {
    case PositionSide::kBoth:
      return "both";
    case PositionSide::kLong:
      return "long";
    case PositionSide::kShort:
      return "short";
  }
  return "unknown";
}

std::string_view to_string(MarginMode mode) {
  return mode == MarginMode::kCross ? "cross" : "isolated";
}

Position::Position(Symbol symbol, PositionSide side, MarginMode margin_mode, std::int32_t leverage,
                   Quantity contract_size)
    : symbol_(symbol),
      side_(side),
      margin_mode_(margin_mode),
      leverage_(leverage),
      contract_size_(contract_size) {
  OMEGA_ASSERT(leverage >= 1, "leverage must be at least 1");
  OMEGA_ASSERT(contract_size.is_positive(), "contract size must be positive");
}

Result<Price> Position::average_entry_price(int precision, Rounding rounding) const {
  if (is_flat()) return Error(ErrorCode::kState, "average entry of a flat position");
  OMEGA_ASSIGN_OR_RETURN(Quantity abs_q, quantity_.abs());
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal units,
                         decimal_mul_exact(abs_q.scaled(), contract_size_.scaled()));
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal avg,
                         decimal_div(entry_cost_.scaled(), units, precision, rounding));
  return Price::from_scaled(avg);
}

Result<Money> Position::unrealized_pnl(const Price& mark) const {
  if (is_flat()) return Money::zero(entry_cost_.precision());
  OMEGA_ASSIGN_OR_RETURN(Quantity abs_q, quantity_.abs());
  OMEGA_ASSIGN_OR_RETURN(Money mark_value, value_of(mark, abs_q, contract_size_));
  return is_long() ? mark_value.sub(entry_cost_) : entry_cost_.sub(mark_value);
}

Status Position::apply_fill(OrderSide side, const Price& price, const Quantity& quantity,
                            const Money& fee) {
  if (!price.is_positive() || !quantity.is_positive()) {
    return Error(
        ErrorCode::kInvalidArgument,
        fmt::format("{} position fill needs a positive price and quantity", symbol_.to_string()));
  }
  const int direction = sign(side);
  const bool opening = is_flat() || (direction > 0) == is_long();
  OMEGA_ASSIGN_OR_RETURN(Quantity abs_q, quantity_.abs());
  if (side_ != PositionSide::kBoth) {
    const bool wrong_side = (side_ == PositionSide::kLong) != (opening == (direction > 0));
    if (wrong_side || (!opening && quantity > abs_q)) {
      return Error(ErrorCode::kValidation,
                   fmt::format("{} hedge-mode {} position cannot take a {} of {} (holding {})",
                               symbol_.to_string(), to_string(side_), to_string(side),
                               quantity.to_string_trimmed(), quantity_.to_string_trimmed()));
    }
  }
  // Work on copies and commit at the end, so a failure changes nothing.
  Quantity new_quantity = quantity_;
  Money new_cost = entry_cost_;
  Money new_realized = realized_pnl_;
  Quantity to_open = quantity;
  if (!opening) {
    const Quantity reduce = quantity < abs_q ? quantity : abs_q;
    Money removed = entry_cost_;
    if (reduce < abs_q) {
      OMEGA_ASSIGN_OR_RETURN(removed, pro_rata(entry_cost_, reduce, abs_q));
    }
    OMEGA_ASSIGN_OR_RETURN(Money exit_value, value_of(price, reduce, contract_size_));
    OMEGA_ASSIGN_OR_RETURN(Money pnl,
                           is_long() ? exit_value.sub(removed) : removed.sub(exit_value));
    OMEGA_ASSIGN_OR_RETURN(new_realized, realized_pnl_.add(pnl));
    OMEGA_ASSIGN_OR_RETURN(new_cost, entry_cost_.sub(removed));
    OMEGA_ASSIGN_OR_RETURN(Quantity signed_reduce,
                           direction > 0 ? Result<Quantity>(reduce) : reduce.negate());
    OMEGA_ASSIGN_OR_RETURN(new_quantity, quantity_.add(signed_reduce));
    OMEGA_ASSIGN_OR_RETURN(to_open, quantity.sub(reduce));
  }
  if (to_open.is_positive()) {
    OMEGA_ASSIGN_OR_RETURN(Money open_value, value_of(price, to_open, contract_size_));
    OMEGA_ASSIGN_OR_RETURN(new_cost, new_cost.add(open_value));
    OMEGA_ASSIGN_OR_RETURN(Quantity signed_open,
                           direction > 0 ? Result<Quantity>(to_open) : to_open.negate());
    OMEGA_ASSIGN_OR_RETURN(new_quantity, new_quantity.add(signed_open));
  }
  OMEGA_ASSIGN_OR_RETURN(Money new_fees, fees_.add(fee));
  quantity_ = new_quantity;
  entry_cost_ = new_cost;
  realized_pnl_ = new_realized;
  fees_ = new_fees;
  return ok_status();
}

Status Position::set_leverage(std::int32_t leverage) {
  if (leverage < 1) {
    return Error(ErrorCode::kInvalidArgument, fmt::format("leverage {} is below 1", leverage));
  }
  leverage_ = leverage;
  return ok_status();
}

Status Position::set_margin_mode(MarginMode mode) {
  if (!is_flat() && mode != margin_mode_) {
    return Error(ErrorCode::kState, "margin mode can only change while flat");
  }
  margin_mode_ = mode;
  return ok_status();
}

Status Position::add_isolated_margin(const Money& amount) {
  if (margin_mode_ != MarginMode::kIsolated) {
    return Error(ErrorCode::kState, "margin can only be added to an isolated position");
  }
  OMEGA_ASSIGN_OR_RETURN(Money added, added_margin_.add(amount));
  added_margin_ = added;
  return ok_status();
}

Result<Money> Position::initial_margin() const {
  return entry_cost_.div(leverage_, Rounding::kUp);
}

Result<Money> Position::isolated_margin() const {
  OMEGA_ASSIGN_OR_RETURN(Money initial, initial_margin());
  return initial.add(added_margin_);
}

Result<Price> Position::liquidation_price(const Rate& maintenance_margin_rate,
                                          const Money& maintenance_amount, int precision) const {
  if (is_flat()) return Error(ErrorCode::kState, "liquidation price of a flat position");
  if (margin_mode_ != MarginMode::kIsolated) {
    return Error(ErrorCode::kState, "liquidation price is only modelled for isolated margin");
  }
  if (maintenance_margin_rate.is_negative() ||
      maintenance_margin_rate >= Rate::from_raw_unchecked(1, 0)) {
    return Error(ErrorCode::kInvalidArgument, "maintenance margin rate must lie in [0, 1)");
  }
  OMEGA_ASSIGN_OR_RETURN(Money wallet, isolated_margin());
  OMEGA_ASSIGN_OR_RETURN(Money cushion, wallet.add(maintenance_amount));
  OMEGA_ASSIGN_OR_RETURN(Money numerator,
                         is_long() ? entry_cost_.sub(cushion) : entry_cost_.add(cushion));
  const Rate one = Rate::from_raw_unchecked(1, 0);
  OMEGA_ASSIGN_OR_RETURN(
      Rate factor, is_long() ? one.sub(maintenance_margin_rate) : one.add(maintenance_margin_rate));
  OMEGA_ASSIGN_OR_RETURN(Quantity abs_q, quantity_.abs());
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal units,
                         decimal_mul_exact(abs_q.scaled(), contract_size_.scaled()));
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal denominator, decimal_mul_exact(units, factor.scaled()));
  if (is_long() && !numerator.is_positive()) return Price::zero(precision);
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal lp,
                         decimal_div(numerator.scaled(), denominator, precision,
                                     is_long() ? Rounding::kCeil : Rounding::kFloor));
  return Price::from_scaled(lp);
}

}  // namespace omega
