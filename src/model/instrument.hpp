// Provides Instrument: a market's trading rules (tick, lot, minimums, contract size, leverage,
// fees) and the validation of an order's price and quantity against them.
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "model/fixed_point.hpp"
#include "model/symbol.hpp"

namespace omega {

// The fields an Instrument is built from (as loaded from exchange metadata files).
struct InstrumentSpec {
  Symbol symbol;
  Price price_tick;       // smallest price increment, e.g. 0.10
  Quantity lot_step;      // smallest quantity increment, e.g. 0.001
  Quantity min_quantity;  // smallest order quantity (0 = none)
  Money min_notional;     // smallest price * quantity * contract size (0 = none)
  Quantity contract_size = Quantity::from_raw_unchecked(1, 0);  // base units per contract
  std::int32_t max_leverage = 1;
  Rate maker_fee;  // fraction of notional; negative for a rebate
  Rate taker_fee;
};

// A market's rules, validated once at construction so later checks cannot meet a bad rule.
class Instrument {
 public:
  // Validates and builds: tick, lot, contract size > 0; minimums >= 0; leverage >= 1;
  // |fees| < 1. Fails with kValidation naming the field.
  static Result<Instrument> create(InstrumentSpec spec);

  const Symbol& symbol() const { return spec_.symbol; }
  const Price& price_tick() const { return spec_.price_tick; }
  const Quantity& lot_step() const { return spec_.lot_step; }
  const Quantity& min_quantity() const { return spec_.min_quantity; }
  const Money& min_notional() const { return spec_.min_notional; }
  const Quantity& contract_size() const { return spec_.contract_size; }
  std::int32_t max_leverage() const { return spec_.max_leverage; }
  const Rate& maker_fee() const { return spec_.maker_fee; }
  const Rate& taker_fee() const { return spec_.taker_fee; }
  // Returns the number of fraction digits of the tick (prices are held at this precision).
  int price_precision() const { return spec_.price_tick.precision(); }
  // Returns the number of fraction digits of the lot step.
  int quantity_precision() const { return spec_.lot_step.precision(); }

  // Rounds a price to the tick grid.
  Result<Price> round_price(const Price& price, Rounding rounding) const {
    return price.round_to_step(spec_.price_tick, rounding);
  }
  // Rounds a quantity to the lot grid.
  Result<Quantity> round_quantity(const Quantity& quantity, Rounding rounding) const {
    return quantity.round_to_step(spec_.lot_step, rounding);
  }

  // Returns price * quantity * contract size exactly (the quote-currency value for linear
  // and spot markets).
  Result<Money> notional(const Price& price, const Quantity& quantity) const;

  // Checks a limit price: positive and on the tick grid (kValidation otherwise).
  Status validate_price(const Price& price) const;
  // Checks a quantity: positive, on the lot grid and at least the minimum.
  Status validate_quantity(const Quantity& quantity) const;
  // Checks a priced order: price, quantity and the minimum notional.
  Status validate_order(const Price& price, const Quantity& quantity) const;

 private:
  explicit Instrument(InstrumentSpec spec) : spec_(spec) {}

  InstrumentSpec spec_;
};

}  // namespace omega
