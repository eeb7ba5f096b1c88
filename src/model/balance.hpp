// Provides Balance: one currency's total, free and locked amounts (total = free + locked).
#pragma once

#include "core/result.hpp"
#include "model/currency.hpp"
#include "model/fixed_point.hpp"

namespace omega {

// An account balance in one currency. The currency lives here rather than in Money, so Money
// stays a bare 16-byte value on hot paths. Every operation keeps total = free + locked and
// refuses (changing nothing) what would break it or make free or locked negative.
class Balance {
 public:
  // Builds from the free and locked amounts (both >= 0); fails on negatives or overflow.
  static Result<Balance> create(Currency currency, const Money& free, const Money& locked);

  const Currency& currency() const { return currency_; }
  const Money& total() const { return total_; }
  const Money& free() const { return free_; }
  const Money& locked() const { return locked_; }

  // Moves `amount` (>= 0) from free to locked (an order reserves funds).
  Status lock(const Money& amount);
  // Moves `amount` (>= 0) from locked back to free (an order is canceled).
  Status unlock(const Money& amount);
  // Adds `amount` (>= 0) to free and total (a deposit, a fill's proceeds, realized profit).
  Status credit(const Money& amount);
  // Removes `amount` (>= 0) from free and total (a withdrawal, a fee, realized loss).
  Status debit(const Money& amount);
  // Removes `amount` (>= 0) from locked and total (a fill spends reserved funds).
  Status spend_locked(const Money& amount);

 private:
  Balance(Currency currency, Money total, Money free, Money locked)
      : currency_(currency), total_(total), free_(free), locked_(locked) {}
  // Commits new free and locked amounts after checking them.
  Status commit(const Money& free, const Money& locked, std::string_view operation);

  Currency currency_;
  Money total_;
  Money free_;
  Money locked_;
};

}  // namespace omega
