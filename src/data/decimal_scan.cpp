#include "data/decimal_scan.hpp"

#include <algorithm>

#include "model/decimal.hpp"

namespace omega::data {
namespace {

bool is_digit(char c) {
  return static_cast<unsigned>(c - '0') < 10;
}

}  // namespace

bool count_decimal_digits(std::string_view text, int& int_digits, int& frac_digits) {
  std::size_t p = 0;
  if (p < text.size() && (text[p] == '-' || text[p] == '+')) ++p;
  const std::size_t int_begin = p;
  while (p < text.size() && is_digit(text[p])) ++p;
  std::size_t first_nonzero = int_begin;
  while (first_nonzero < p && text[first_nonzero] == '0') ++first_nonzero;
  int_digits = static_cast<int>(p - first_nonzero);
  frac_digits = 0;
  bool any = p > int_begin;
  if (p < text.size() && text[p] == '.') {
    ++p;
    const std::size_t frac_begin = p;
    std::size_t last_nonzero = p;
    while (p < text.size() && is_digit(text[p])) {
      if (text[p] != '0') last_nonzero = p + 1;
      ++p;
    }
    any = any || p > frac_begin;
    frac_digits = static_cast<int>(last_nonzero - frac_begin);
  }
  return any && p == text.size();
}

int DigitStats::precision() const {
  const int room = kMaxDecimalPrecision - std::min(max_int_digits, kMaxDecimalPrecision);
  return std::min({max_frac_digits, kMaxDecimalPrecision, room});
}

DecimalParse parse_decimal_rounding(std::string_view text, int precision, std::int64_t& out) {
  const char* b = text.data();
  const char* e = b + text.size();
  if (parse_decimal_fast(b, e, precision, out)) return DecimalParse::kExact;
  // Find where the kept digits end: `precision` digits after the dot.
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) {
    int i = 0;
    int f = 0;
    return count_decimal_digits(text, i, f) ? DecimalParse::kOverflow : DecimalParse::kSyntax;
  }
  const std::size_t keep_end = std::min(text.size(), dot + 1 + static_cast<std::size_t>(precision));
  const std::string_view kept = text.substr(0, keep_end);
  const std::string_view dropped = text.substr(keep_end);
  if (dropped.empty() || !std::all_of(dropped.begin(), dropped.end(), is_digit)) {
    return DecimalParse::kSyntax;
  }
  std::int64_t v = 0;
  if (!parse_decimal_fast(kept.data(), kept.data() + kept.size(), precision, v)) {
    int i = 0;
    int f = 0;
    return count_decimal_digits(text, i, f) ? DecimalParse::kOverflow : DecimalParse::kSyntax;
  }
  if (dropped[0] >= '5') {
    const bool negative = !text.empty() && text[0] == '-';
    if (__builtin_add_overflow(v, negative ? -1 : 1, &v)) return DecimalParse::kOverflow;
  }
  out = v;
  return DecimalParse::kRounded;
}

bool expand_exponent(std::string_view text, std::string& out) {
  const std::size_t epos = text.find_first_of("eE");
  if (epos == std::string_view::npos) return false;
  const std::string_view mant = text.substr(0, epos);
  std::string_view exp_text = text.substr(epos + 1);
  bool exp_negative = false;
  if (!exp_text.empty() && (exp_text[0] == '-' || exp_text[0] == '+')) {
    exp_negative = exp_text[0] == '-';
    exp_text.remove_prefix(1);
  }
  if (exp_text.empty() || exp_text.size() > 2 ||
      !std::all_of(exp_text.begin(), exp_text.end(), is_digit)) {
    return false;
  }
  int exp = 0;
  for (const char c : exp_text) exp = exp * 10 + (c - '0');
  if (exp > 40) return false;
  if (exp_negative) exp = -exp;
  // Collect the mantissa digits and where the dot sits among them.
  std::string digits;
  bool negative = false;
  std::size_t p = 0;
  if (p < mant.size() && (mant[p] == '-' || mant[p] == '+')) {
    negative = mant[p] == '-';
    ++p;
  }
  int point = -1;
  for (; p < mant.size(); ++p) {
    if (is_digit(mant[p])) {
      digits.push_back(mant[p]);
    } else if (mant[p] == '.' && point < 0) {
      point = static_cast<int>(digits.size());
    } else {
      return false;
    }
  }
  if (digits.empty()) return false;
  if (point < 0) point = static_cast<int>(digits.size());
  point += exp;
  out.clear();
  if (negative) out.push_back('-');
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (point >= static_cast<int>(digits.size())) {
    out += digits;
    out.append(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(point), std::string::npos);
  }
  return true;
}

}  // namespace omega::data
