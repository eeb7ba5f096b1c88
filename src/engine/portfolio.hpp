// Provides Portfolio: one account's wallet and positions (spot and USDT-margined linear
// perpetuals), with leverage, isolated/cross margin, unrealized PnL at mark, funding, tiered
// maintenance margin, liquidation prices and the round-trip trade log. Money is fixed-point.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "engine/messages.hpp"
#include "model/fixed_point.hpp"
#include "model/instrument.hpp"
#include "model/position.hpp"

namespace omega::engine {

// One bracket of a tiered maintenance margin table (Binance's "leverage brackets"): positions
// whose notional is at most `max_notional` keep notional * rate - amount as maintenance margin.
struct MarginTier {
  Money max_notional;
  Rate maintenance_rate;
  Money maintenance_amount;  // the bracket's "cum" amount that keeps the margin continuous
};

// Returns Binance USD-M BTCUSDT's first brackets (0.4 % to 50 k, 0.5 % to 600 k, ...).
std::vector<MarginTier> default_margin_tiers();

// How the account trades one instrument.
struct AccountInstrument {
  Instrument instrument;
  MarginMode margin_mode = MarginMode::kCross;
  std::int32_t leverage = 1;
  std::vector<MarginTier> tiers;  // empty for spot
};

// One round trip: from flat to flat on one instrument (a flip closes one and opens the next).
struct RoundTrip {
  InstrumentIndex instrument = 0;
  bool is_long = true;
  Timestamp entry_time;
  Timestamp exit_time;
  Quantity size;         // the largest absolute position held
  Quantity entered;      // total quantity bought (long) or sold (short) while opening
  Money entry_notional;  // exact sum of price * quantity of the opening fills
  Money exit_notional;   // exact sum of price * quantity of the closing fills
  Money fees;            // fees of the trip's fills
  Money funding;         // funding paid (> 0) during the trip
  Money realized_pnl;    // gross, before fees and funding
  bool liquidated = false;
  // Returns realized PnL - fees - funding.
  Result<Money> net_pnl() const;
};

// An account in one settlement currency (USDT). The wallet balance moves only by realized PnL,
// fees and funding; equity = wallet balance + unrealized PnL at the marks, always. Spot holdings
// are kept as 1x positions, so the same identity holds for spot (a spot buy moves value from
// the wallet's free part into the position's margin, not out of the wallet).
class Portfolio {
 public:
  // Starts with `starting_balance`; fees and funding are rounded half-even to
  // `money_precision` fraction digits (exact PnL is kept as long as it fits).
  explicit Portfolio(Money starting_balance, int money_precision = 10);

  // Registers an instrument and returns its index (dense, from 0).
  Result<InstrumentIndex> add_instrument(AccountInstrument spec);
  std::size_t instrument_count() const { return books_.size(); }
  const Instrument& instrument(InstrumentIndex i) const { return books_[i].spec.instrument; }
  const AccountInstrument& account_instrument(InstrumentIndex i) const { return books_[i].spec; }
  const Position& position(InstrumentIndex i) const { return books_[i].position; }
  const Price& mark(InstrumentIndex i) const { return books_[i].mark; }
  int money_precision() const { return money_precision_; }

  // Applies one fill (fee > 0 paid, < 0 rebate) and returns what happened to the position.
  // Refuses, changing nothing, a spot sale of more than is held (kValidation).
  Result<PositionChangeKind> apply_fill(InstrumentIndex i, OrderSide side, const Price& price,
                                        const Quantity& quantity, const Money& fee, Timestamp ts);
  // Sets the mark price and refreshes the unrealized PnL. Called on every bar: a flat book only
  // stores the mark, inline.
  Status set_mark(InstrumentIndex i, const Price& mark) {
    Book& book = books_[i];
    book.mark = mark;
    if (book.position.is_flat()) return ok_status();
    return refresh_unrealized(book);
  }
  // Pays funding at `rate` on the position's notional at `mark` (longs pay a positive rate);
  // returns the amount paid (> 0) or received (< 0), zero when flat or spot.
  Result<Money> apply_funding(InstrumentIndex i, const Rate& rate, const Price& mark, Timestamp ts);
  // Closes the whole position at `price` as a liquidation, charging `fee`.
  Status liquidate(InstrumentIndex i, const Price& price, const Money& fee, Timestamp ts);

  // Returns the wallet balance: starting balance + realized PnL - fees - funding.
  const Money& wallet_balance() const { return wallet_; }
  // Returns the sum of unrealized PnL at the marks.
  Result<Money> unrealized_pnl() const;
  // Returns wallet balance + unrealized PnL. Called on every bar: when every amount is at the
  // wallet's precision (always, unless a PnL needed more digits) the sum is done inline.
  Result<Money> equity() const {
    std::int64_t sum = wallet_.raw();
    for (const Book& book : books_) {
      if (book.position.is_flat()) continue;
      if (book.unrealized.precision() != wallet_.precision() ||
          __builtin_add_overflow(sum, book.unrealized.raw(), &sum)) {
        return equity_slow();
      }
    }
    return Money::from_raw_unchecked(sum, wallet_.precision());
  }
  // Returns |quantity| * mark * contract size of one position.
  Result<Money> position_notional(InstrumentIndex i) const;
  // Returns the sum of position notionals.
  Result<Money> total_notional() const;
  // Returns the margin a position ties up: entry cost / leverage, rounded up.
  Result<Money> initial_margin(InstrumentIndex i) const;
  // Returns the tiered maintenance margin at the mark: notional * rate - amount, rounded up.
  Result<Money> maintenance_margin(InstrumentIndex i) const;
  // Returns equity minus every position's initial margin: what new orders may use.
  Result<Money> available_balance() const;
  // Returns the price at which the position is liquidated (isolated: its own margin; cross:
  // the wallet less the other positions' maintenance plus their unrealized PnL). Empty when
  // flat, spot, or a long that cannot be liquidated.
  Result<std::optional<Price>> liquidation_price(InstrumentIndex i) const;

  // Returns the total fees paid and funding paid since the start.
  const Money& fees_paid() const { return fees_paid_; }
  const Money& funding_paid() const { return funding_paid_; }
  // Returns finished round trips, oldest first.
  const std::vector<RoundTrip>& round_trips() const { return trips_; }
  // Returns the open round trip of an instrument, if any.
  const std::optional<RoundTrip>& open_trip(InstrumentIndex i) const { return books_[i].trip; }

 private:
  struct Book {
    AccountInstrument spec;
    Position position;
    Price mark;
    Money unrealized;
    std::optional<RoundTrip> trip;
  };
  Result<Money> equity_slow() const;
  const MarginTier* tier_for(const Book& book, const Money& notional) const;
  Status refresh_unrealized(Book& book);

  std::vector<Book> books_;
  Money wallet_;
  Money fees_paid_;
  Money funding_paid_;
  std::vector<RoundTrip> trips_;
  int money_precision_;
};

}  // namespace omega::engine
