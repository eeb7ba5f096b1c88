// Provides Result<T>: a value or an Error, and the OMEGA_TRY / OMEGA_ASSIGN_OR_RETURN macros.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/assert.hpp"
#include "core/error.hpp"

namespace omega {

// Holds either a T or an Error. Reading the wrong side is a programmer error (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
           !std::is_same_v<std::decay_t<U>, Error> && !std::is_same_v<std::decay_t<U>, Result<T>>)
      Result(U&& value)  // NOLINT(bugprone-forwarding-reference-overload): constrained above
      : data_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    OMEGA_ASSERT(ok(), "Result::value() on an error");
    return std::get<0>(data_);
  }
  const T& value() const& {
    OMEGA_ASSERT(ok(), "Result::value() on an error");
    return std::get<0>(data_);
  }
  T&& value() && {
    OMEGA_ASSERT(ok(), "Result::value() on an error");
    return std::get<0>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    OMEGA_ASSERT(!ok(), "Result::error() on a value");
    return std::get<1>(data_);
  }
  Error&& error() && {
    OMEGA_ASSERT(!ok(), "Result::error() on a value");
    return std::get<1>(std::move(data_));
  }

  // Returns the value, or `fallback` on error.
  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> data_;
};

// Holds success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;

  // User-provided on purpose: `return {};` (ok_status) then only clears the optional's flag;
  // a defaulted constructor would value-initialize, zeroing all of the Error's bytes each time.
  Result() noexcept {}                               // NOLINT(modernize-use-equals-default)
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  void value() const { OMEGA_ASSERT(ok(), "Result<void>::value() on an error"); }

  const Error& error() const& {
    OMEGA_ASSERT(!ok(), "Result::error() on success");
    return *error_;
  }
  Error&& error() && {
    OMEGA_ASSERT(!ok(), "Result::error() on success");
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

// Returns a successful Status.
inline Status ok_status() {
  return {};
}

}  // namespace omega

#define OMEGA_DETAIL_CONCAT_INNER(a, b) a##b
#define OMEGA_DETAIL_CONCAT(a, b) OMEGA_DETAIL_CONCAT_INNER(a, b)

// Evaluates a Result/Status expression and returns its Error from the enclosing function.
#define OMEGA_TRY(expr)                            \
  do {                                             \
    auto&& omega_try_result_ = (expr);             \
    if (!omega_try_result_.ok()) {                 \
      return std::move(omega_try_result_).error(); \
    }                                              \
  } while (false)

// Evaluates a Result<T>; on success moves the value into `lhs`, else returns the Error.
#define OMEGA_ASSIGN_OR_RETURN(lhs, expr) \
  OMEGA_DETAIL_ASSIGN_OR_RETURN(OMEGA_DETAIL_CONCAT(omega_result_, __LINE__), lhs, expr)
// `tmp` and `lhs` are a declaration and an assignment target, which parentheses would break.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define OMEGA_DETAIL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) {                                    \
    return std::move(tmp).error();                    \
  }                                                   \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
