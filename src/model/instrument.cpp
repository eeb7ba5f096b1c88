#include "model/instrument.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

Error invalid(const Symbol& symbol, std::string_view why) {
  return Error(ErrorCode::kValidation, fmt::format("{}: {}", symbol.to_string(), why));
}

}  // namespace

Result<Instrument> Instrument::create(InstrumentSpec spec) {
  const Symbol& s = spec.symbol;
  if (!spec.price_tick.is_positive()) return invalid(s, "price tick must be positive");
  if (!spec.lot_step.is_positive()) return invalid(s, "lot step must be positive");
  if (spec.min_quantity.is_negative()) return invalid(s, "min quantity must not be negative");
  if (spec.min_notional.is_negative()) return invalid(s, "min notional must not be negative");
  if (!spec.contract_size.is_positive()) return invalid(s, "contract size must be positive");
  if (spec.max_leverage < 1) return invalid(s, "max leverage must be at least 1");
  const Rate one = Rate::from_raw_unchecked(1, 0);
  const Rate minus_one = Rate::from_raw_unchecked(-1, 0);
  for (const Rate* fee : {&spec.maker_fee, &spec.taker_fee}) {
    if (*fee >= one || *fee <= minus_one) return invalid(s, "fee rate must lie in (-1, 1)");
  }
  return Instrument(spec);
}

Result<Money> Instrument::notional(const Price& price, const Quantity& quantity) const {
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal base, decimal_mul_exact(price.scaled(), quantity.scaled()));
  OMEGA_ASSIGN_OR_RETURN(ScaledDecimal value,
                         decimal_mul_exact(base, spec_.contract_size.scaled()));
  return Money::from_scaled(value);
}

Status Instrument::validate_price(const Price& price) const {
  if (!price.is_positive()) {
    return invalid(symbol(), fmt::format("price {} must be positive", price.to_string()));
  }
  if (!price.is_multiple_of(spec_.price_tick)) {
    return invalid(symbol(), fmt::format("price {} is not a multiple of the tick {}",
                                         price.to_string(), spec_.price_tick.to_string()));
  }
  return ok_status();
}

Status Instrument::validate_quantity(const Quantity& quantity) const {
  if (!quantity.is_positive()) {
    return invalid(symbol(), fmt::format("quantity {} must be positive", quantity.to_string()));
  }
  if (!quantity.is_multiple_of(spec_.lot_step)) {
    return invalid(symbol(), fmt::format("quantity {} is not a multiple of the lot step {}",
                                         quantity.to_string(), spec_.lot_step.to_string()));
  }
  if (quantity < spec_.min_quantity) {
    return invalid(symbol(), fmt::format("quantity {} is below the minimum {}",
                                         quantity.to_string(), spec_.min_quantity.to_string()));
  }
  return ok_status();
}

Status Instrument::validate_order(const Price& price, const Quantity& quantity) const {
  OMEGA_TRY(validate_price(price));
  OMEGA_TRY(validate_quantity(quantity));
  OMEGA_ASSIGN_OR_RETURN(Money value, notional(price, quantity));
  if (value < spec_.min_notional) {
    return invalid(symbol(),
                   fmt::format("notional {} is below the minimum {}", value.to_string_trimmed(),
                               spec_.min_notional.to_string_trimmed()));
  }
  return ok_status();
}

}  // namespace omega
