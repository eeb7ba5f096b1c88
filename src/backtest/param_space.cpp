// Implements ParamSpace parsing and addressing, and RandomOrder.
#include "backtest/param_space.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

namespace omega::backtest {
namespace {

Error bad(std::string_view spec, std::string_view problem) {
  return Error(ErrorCode::kInvalidArgument, fmt::format("--grid '{}': {}", spec, problem));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A decimal as an integer count of 10^-scale.
struct Scaled {
  __extension__ __int128 units = 0;
  int scale = 0;
};

// Parses "-12.345" (at most 18 digits in all).
bool parse_decimal(std::string_view text, Scaled& out) {
  std::string_view s = trim(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int digits = 0;
  bool dot = false;
  out = Scaled{};
  for (char c : s) {
    if (c == '.') {
      if (dot) return false;
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    if (++digits > 18) return false;
    out.units = out.units * 10 + (c - '0');
    if (dot) ++out.scale;
  }
  if (digits == 0 || s.back() == '.') return false;
  if (negative) out.units = -out.units;
  return true;
}

__extension__ using Int128 = __int128;

Int128 rescale(const Scaled& v, int scale) {
  Int128 u = v.units;
  for (int i = v.scale; i < scale; ++i) u *= 10;
  return u;
}

std::string format_scaled(Int128 units, int scale) {
  const bool negative = units < 0;
  if (negative) units = -units;
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(units % 10)));
    units /= 10;
  } while (units > 0);
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return negative ? "-" + digits : digits;
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
}

Result<std::vector<std::string>> range_values(std::string_view spec, std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 3) return bad(spec, "a range is lo:hi:step");
  Scaled lo;
  Scaled hi;
  Scaled step;
  if (!parse_decimal(parts[0], lo)) return bad(spec, fmt::format("'{}' is not a number", parts[0]));
  if (!parse_decimal(parts[1], hi)) return bad(spec, fmt::format("'{}' is not a number", parts[1]));
  if (!parse_decimal(parts[2], step)) {
    return bad(spec, fmt::format("step '{}' is not a number", parts[2]));
  }
  const int scale = std::max({lo.scale, hi.scale, step.scale});
  const Int128 a = rescale(lo, scale);
  const Int128 b = rescale(hi, scale);
  const Int128 s = rescale(step, scale);
  if (s <= 0) return bad(spec, "the step must be positive");
  if (b < a) return bad(spec, "the range is empty (hi < lo)");
  const Int128 count = (b - a) / s + 1;
  if (count > static_cast<Int128>(ParamSpace::kMaxAxisValues)) {
    return bad(spec, fmt::format("more than {} values", ParamSpace::kMaxAxisValues));
  }
  std::vector<std::string> values;
  values.reserve(static_cast<std::size_t>(count));
  for (Int128 k = 0; k < count; ++k) values.push_back(format_scaled(a + k * s, scale));
  return values;
}

Result<std::vector<std::string>> list_values(std::string_view spec, std::string_view text) {
  std::vector<std::string> values;
  std::set<std::string, std::less<>> seen;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      const std::string_view item = trim(text.substr(start, i - start));
      if (item.empty()) return bad(spec, "an empty value in the list");
      if (!seen.emplace(item).second) {
        return bad(spec, fmt::format("value '{}' is listed twice", item));
      }
      values.emplace_back(item);
      start = i + 1;
    }
  }
  return values;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

Result<ParamSpace> ParamSpace::parse(std::span<const std::string> specs) {
  if (specs.empty()) {
    return Error(ErrorCode::kInvalidArgument,
                 "the grid is empty: give at least one --grid name=lo:hi:step or name=a,b,c");
  }
  ParamSpace space;
  for (const std::string& spec : specs) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos) return bad(spec, "expected name=lo:hi:step or name=a,b,c");
    const std::string_view name = trim(std::string_view(spec).substr(0, eq));
    const std::string_view text = trim(std::string_view(spec).substr(eq + 1));
    if (!valid_name(name)) return bad(spec, "the name must be letters, digits, '_' or '.'");
    for (const ParamAxis& axis : space.axes_) {
      if (axis.name == name) return bad(spec, fmt::format("'{}' is given twice", name));
    }
    if (text.empty()) return bad(spec, "no values");
    ParamAxis axis;
    axis.name = std::string(name);
    if (text.find(':') != std::string_view::npos) {
      OMEGA_ASSIGN_OR_RETURN(axis.values, range_values(spec, text));
    } else {
      OMEGA_ASSIGN_OR_RETURN(axis.values, list_values(spec, text));
    }
    if (space.size_ > kMaxCombinations / axis.values.size()) {
      return bad(spec, fmt::format("the grid has more than {} combinations", kMaxCombinations));
    }
    space.size_ *= axis.values.size();
    space.axes_.push_back(std::move(axis));
  }
  space.stride_.assign(space.axes_.size(), 1);
  for (std::size_t i = space.axes_.size(); i-- > 1;) {
    space.stride_[i - 1] = space.stride_[i] * space.axes_[i].values.size();
  }
  return space;
}

std::string_view ParamSpace::value(std::uint64_t index, std::size_t axis) const {
  const std::vector<std::string>& values = axes_[axis].values;
  return values[(index / stride_[axis]) % values.size()];
}

std::string ParamSpace::yaml(std::uint64_t index) const {
  std::string out;
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    out += axes_[a].name;
    out += ": ";
    out += value(index, a);
    out += '\n';
  }
  return out;
}

std::string describe(const ParamSpace& space, std::uint64_t combination) {
  std::string out;
  for (std::size_t a = 0; a < space.axes().size(); ++a) {
    out += fmt::format("{}{}={}", a == 0 ? "" : " ", space.axes()[a].name,
                       space.value(combination, a));
  }
  return out;
}

RandomOrder::RandomOrder(std::uint64_t domain, std::uint64_t seed) : domain_(domain) {
  while ((std::uint64_t{1} << (2 * half_bits_)) < domain_ && half_bits_ < 31) ++half_bits_;
  half_mask_ = (std::uint64_t{1} << half_bits_) - 1;
  std::uint64_t state = seed;
  for (std::uint64_t& key : keys_) {
    state = splitmix64(state);
    key = state;
  }
}

std::uint64_t RandomOrder::permute(std::uint64_t x) const {
  std::uint64_t left = x >> half_bits_;
  std::uint64_t right = x & half_mask_;
  for (std::uint64_t key : keys_) {
    const std::uint64_t next = left ^ (splitmix64(right ^ key) & half_mask_);
    left = right;
    right = next;
  }
  return (left << half_bits_) | right;
}

std::uint64_t RandomOrder::at(std::uint64_t i) const {
  // Cycle walking: the permutation of the power-of-two domain, repeated until it lands inside
  // [0, domain); at most four times the domain is covered, so few steps are expected.
  std::uint64_t x = permute(i);
  while (x >= domain_) x = permute(x);
  return x;
}

}  // namespace omega::backtest
