// Provides ParamSpace (the parameter grid of a sweep, parsed from "k=a:b:step" ranges and
// "k=a,b,c" lists, addressed by combination index in constant memory) and RandomOrder (a seeded
// permutation of the combinations for random search, so a run's parameters depend only on the
// seed and the run number, never on which worker ran it).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace omega::backtest {

// One parameter and the values it takes, as YAML scalar text.
struct ParamAxis {
  std::string name;
  std::vector<std::string> values;
};

// The cartesian product of the axes; combination i is a mixed-radix number (last axis fastest).
class ParamSpace {
 public:
  // At most this many values on one axis and combinations in all.
  static constexpr std::uint64_t kMaxAxisValues = 1'000'000;
  static constexpr std::uint64_t kMaxCombinations = 1'000'000'000'000ULL;

  // Parses specs "name=lo:hi:step" (inclusive decimal range), "name=a,b,c" (listed values) or
  // "name=v" (one value). Fails naming the spec on a bad name, number, step, an empty or
  // descending range, a duplicate name, no specs at all, or too many combinations.
  static Result<ParamSpace> parse(std::span<const std::string> specs);

  const std::vector<ParamAxis>& axes() const { return axes_; }
  // Returns the number of combinations.
  std::uint64_t size() const { return size_; }
  // Returns the value text of axis `axis` in combination `index`.
  std::string_view value(std::uint64_t index, std::size_t axis) const;
  // Returns combination `index` as YAML ("name: value" lines), the bot's parameters.
  std::string yaml(std::uint64_t index) const;

 private:
  std::vector<ParamAxis> axes_;
  std::vector<std::uint64_t> stride_;  // combinations per step of each axis
  std::uint64_t size_ = 1;
};

// Returns combination `index` as "name=value name=value" for messages.
std::string describe(const ParamSpace& space, std::uint64_t index);

// A pseudo-random permutation of [0, domain) keyed by a seed: a four-round Feistel network on
// the smallest even power of two covering the domain, with cycle walking. Constant memory, no
// repeats, and at(i) needs nothing but i.
class RandomOrder {
 public:
  RandomOrder(std::uint64_t domain, std::uint64_t seed);
  // Returns the i-th element of the permutation (i < domain).
  std::uint64_t at(std::uint64_t i) const;

 private:
  std::uint64_t permute(std::uint64_t x) const;
  std::uint64_t domain_;
  int half_bits_ = 1;
  std::uint64_t half_mask_ = 1;
  std::uint64_t keys_[4] = {};
};

}  // namespace omega::backtest
