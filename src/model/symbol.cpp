#include "model/symbol.hpp"

#include <fmt/format.h>

namespace omega {
namespace {

Error symbol_error(std::string_view text, std::string_view why) {
  return Error(ErrorCode::kParse, fmt::format("symbol '{}': {}", text, why));
}

Result<Currency> parse_part(std::string_view text, std::string_view part, std::string_view name) {
  auto c = Currency::parse(part);
  if (!c.ok()) return symbol_error(text, fmt::format("bad {} currency '{}'", name, part));
  return c;
}

bool all_digits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(MarketType type) {
  switch (type) {
    case MarketType::kSpot:
      return "spot";
    case MarketType::kSwap:
      return "swap";
    case MarketType::kFuture:
      return "future";
  }
  return "unknown";
}

Result<Symbol> Symbol::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return symbol_error(text, "missing '/' between base and quote");
  const auto colon = text.find(':', slash);
  const std::string_view base = text.substr(0, slash);
  const std::string_view quote = text.substr(
      slash + 1, colon == std::string_view::npos ? std::string_view::npos : colon - slash - 1);
  Symbol s;
  OMEGA_ASSIGN_OR_RETURN(s.base_, parse_part(text, base, "base"));
  OMEGA_ASSIGN_OR_RETURN(s.quote_, parse_part(text, quote, "quote"));
  if (colon == std::string_view::npos) {
    s.type_ = MarketType::kSpot;
    return s;
  }
  std::string_view rest = text.substr(colon + 1);
  const auto dash = rest.find('-');
  const std::string_view settle = rest.substr(0, dash);
  OMEGA_ASSIGN_OR_RETURN(s.settle_, parse_part(text, settle, "settle"));
  if (s.settle_ != s.quote_ && s.settle_ != s.base_) {
    return symbol_error(text, "settle currency must be the base (inverse) or quote (linear)");
  }
  if (dash == std::string_view::npos) {
    s.type_ = MarketType::kSwap;
    return s;
  }
  const std::string_view expiry = rest.substr(dash + 1);
  if (expiry.find('-') != std::string_view::npos) {
    return symbol_error(text, "options (strike and C/P suffix) are not supported");
  }
  if (expiry.size() != 6 || !all_digits(expiry)) {
    return symbol_error(text, fmt::format("expiry '{}' is not YYMMDD", expiry));
  }
  const auto two = [&](std::size_t i) { return (expiry[i] - '0') * 10 + (expiry[i + 1] - '0'); };
  const int year = 2000 + two(0);
  const auto month = static_cast<unsigned>(two(2));
  const auto day = static_cast<unsigned>(two(4));
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return symbol_error(text, fmt::format("expiry '{}' is not a calendar date", expiry));
  }
  s.expiry_ = CivilDate{year, month, day};
  s.type_ = MarketType::kFuture;
  return s;
}

std::string Symbol::to_string() const {
  std::string out = fmt::format("{}/{}", base_.code(), quote_.code());
  if (type_ == MarketType::kSpot) return out;
  out += ':';
  out += settle_.code();
  if (expiry_) {
    out += fmt::format("-{:02}{:02}{:02}", expiry_->year % 100, expiry_->month, expiry_->day);
  }
  return out;
}

}  // namespace omega
