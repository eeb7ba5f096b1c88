// Provides StrongId<Tag>: a string identifier that cannot be mixed with other kinds of ids.
#pragma once

#include <compare>
#include <functional>
#include <string>
#include <string_view>

namespace omega {

// A string id with a distinct type per Tag (ClientOrderId, BotId, ...).
template <typename Tag>
class StrongId {
 public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}

  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend auto operator<=>(const StrongId&, const StrongId&) = default;
  friend bool operator==(const StrongId&, const StrongId&) = default;

 private:
  std::string value_;
};

}  // namespace omega

template <typename Tag>
struct std::hash<omega::StrongId<Tag>> {
  std::size_t operator()(const omega::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.value());
  }
};
