// Provides Position: a net or hedge-mode position on one linear or spot market, with exact
// entry cost, realized and unrealized PnL, fees, leverage, margin mode and the isolated
// liquidation price.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.hpp"
#include "model/fixed_point.hpp"
#include "model/order_side.hpp"
#include "model/symbol.hpp"

namespace omega {

// Which position a fill belongs to: one-way mode has one net position (kBoth); hedge mode has
// a long and a short position side by side.
enum class PositionSide : std::uint8_t { kBoth, kLong, kShort };

// How margin is shared: isolated per position or cross over the account.
enum class MarginMode : std::uint8_t { kCross, kIsolated };

// Returns "both", "long" or "short".
std::string_view to_string(PositionSide side);
// Returns "cross" or "isolated".
std::string_view to_string(MarginMode mode);

// A position in quote/settle-currency terms (spot and linear contracts; inverse contracts are
// not modelled yet). Quantities are signed (long > 0) in base units or contracts; values are
// multiplied by the contract size.
//
// Exactness: the entry cost is the exact sum of price * quantity * contract size over the
// opening fills, so the average entry price (cost / |quantity|) is exact as a ratio and only
// rounded when asked. Reducing by r of |q| removes cost * r / |q|, rounded half-even at the
// cost's precision; the rounding stays in the remaining cost, so closing the whole position
// removes exactly what is left and the PnL of a full round trip is exact.
class Position {
 public:
  // Starts flat. `contract_size` > 0 (1 for spot); `leverage` >= 1 (both asserted).
  Position(Symbol symbol, PositionSide side, MarginMode margin_mode, std::int32_t leverage,
           Quantity contract_size);

  const Symbol& symbol() const { return symbol_; }
  PositionSide side() const { return side_; }
  MarginMode margin_mode() const { return margin_mode_; }
  std::int32_t leverage() const { return leverage_; }
  // Returns the signed quantity: > 0 long, < 0 short.
  const Quantity& quantity() const { return quantity_; }
  bool is_flat() const { return quantity_.is_zero(); }
  bool is_long() const { return quantity_.is_positive(); }
  bool is_short() const { return quantity_.is_negative(); }
  // Returns the exact entry cost of the open quantity (>= 0).
  const Money& entry_cost() const { return entry_cost_; }
  // Returns PnL realized by reducing fills, before fees.
  const Money& realized_pnl() const { return realized_pnl_; }
  // Returns the fees paid (negative for net rebates).
  const Money& fees() const { return fees_; }
  // Returns realized PnL minus fees.
  Result<Money> net_realized_pnl() const { return realized_pnl_.sub(fees_); }

  // Returns entry cost / (|quantity| * contract size) at `precision`; kState when flat.
  Result<Price> average_entry_price(int precision, Rounding rounding = Rounding::kHalfEven) const;
  // Returns (mark - entry) * quantity * contract size, exact; zero when flat.
  Result<Money> unrealized_pnl(const Price& mark) const;

  // Applies one fill: adds, reduces, closes, or (one-way only) flips through zero, realizing
  // PnL on the reduced part. The fee (in the settle currency) adds to fees(). Refuses,
  // changing nothing, a non-positive price or quantity and, in hedge mode, a fill that would
  // take a long side short or a short side long (kValidation).
  Status apply_fill(OrderSide side, const Price& price, const Quantity& quantity, const Money& fee);

  // Changes the leverage (>= 1, kInvalidArgument otherwise).
  Status set_leverage(std::int32_t leverage);
  // Changes the margin mode; only while flat (kState otherwise), as venues require.
  Status set_margin_mode(MarginMode mode);
  // Adds (or with a negative amount removes) isolated margin above the initial margin.
  Status add_isolated_margin(const Money& amount);

  // Returns the initial margin: entry cost / leverage, rounded up at the cost's precision.
  Result<Money> initial_margin() const;
  // Returns the isolated margin: initial margin + added margin.
  Result<Money> isolated_margin() const;

  // Returns the price at which an isolated linear position is liquidated (Binance USD-M
  // formula for one isolated position, with the position's isolated margin as the wallet
  // balance WB and Q = |quantity| * contract size):
  //   long:  LP = (entry_cost - WB - maintenance_amount) / (Q * (1 - mmr))
  //   short: LP = (entry_cost + WB + maintenance_amount) / (Q * (1 + mmr))
  // where mmr is the maintenance margin rate of the notional's bracket and maintenance_amount
  // its "cum" amount. Rounded toward the entry (ceil for longs, floor for shorts), so checks
  // based on it err on the safe side; a long that cannot be liquidated returns 0. kState when
  // flat or in cross mode.
  Result<Price> liquidation_price(const Rate& maintenance_margin_rate,
                                  const Money& maintenance_amount, int precision) const;

 private:
  Status open(int direction, const Price& price, const Quantity& quantity);

  Symbol symbol_;
  PositionSide side_;
  MarginMode margin_mode_;
  std::int32_t leverage_;
  Quantity contract_size_;
  Quantity quantity_;
  Money entry_cost_;
  Money realized_pnl_;
  Money fees_;
  Money added_margin_;
};

}  // namespace omega
