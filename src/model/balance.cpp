#include "model/balance.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

Status check_amount(const Money& amount, std::string_view operation) {
  if (amount.is_negative()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("balance {}: amount {} is negative", operation, amount.to_string()));
  }
  return ok_status();
}

}  // namespace

Result<Balance> Balance::create(Currency currency, const Money& free, const Money& locked) {
  if (currency.empty()) return Error(ErrorCode::kInvalidArgument, "balance without a currency");
  OMEGA_TRY(check_amount(free, "create"));
  OMEGA_TRY(check_amount(locked, "create"));
  OMEGA_ASSIGN_OR_RETURN(Money total, free.add(locked));
  return Balance(currency, total, free, locked);
}

Status Balance::commit(const Money& free, const Money& locked, std::string_view operation) {
  if (free.is_negative() || locked.is_negative()) {
    return Error(ErrorCode::kRejected,
                 fmt::format("{} balance {}: insufficient {} (free {}, locked {})",
                             currency_.code(), operation, free.is_negative() ? "free" : "locked",
                             free_.to_string_trimmed(), locked_.to_string_trimmed()));
  }
  OMEGA_ASSIGN_OR_RETURN(Money total, free.add(locked));
  free_ = free;
  locked_ = locked;
  total_ = total;
  return ok_status();
}

Status Balance::lock(const Money& amount) {
  OMEGA_TRY(check_amount(amount, "lock"));
  OMEGA_ASSIGN_OR_RETURN(Money free, free_.sub(amount));
  OMEGA_ASSIGN_OR_RETURN(Money locked, locked_.add(amount));
  return commit(free, locked, "lock");
}

Status Balance::unlock(const Money& amount) {
  OMEGA_TRY(check_amount(amount, "unlock"));
  OMEGA_ASSIGN_OR_RETURN(Money free, free_.add(amount));
  OMEGA_ASSIGN_OR_RETURN(Money locked, locked_.sub(amount));
  return commit(free, locked, "unlock");
}

Status Balance::credit(const Money& amount) {
  OMEGA_TRY(check_amount(amount, "credit"));
  OMEGA_ASSIGN_OR_RETURN(Money free, free_.add(amount));
  return commit(free, locked_, "credit");
}

Status Balance::debit(const Money& amount) {
  OMEGA_TRY(check_amount(amount, "debit"));
  OMEGA_ASSIGN_OR_RETURN(Money free, free_.sub(amount));
  return commit(free, locked_, "debit");
}

Status Balance::spend_locked(const Money& amount) {
  OMEGA_TRY(check_amount(amount, "spend_locked"));
  OMEGA_ASSIGN_OR_RETURN(Money locked, locked_.sub(amount));
  return commit(free_, locked, "spend_locked");
}

}  // namespace omega
