// Provides Error: a code, a message and a chain of context lines for expected failures.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace omega {

// Classifies an expected failure so callers can branch without parsing messages.
enum class ErrorCode : std::uint8_t {
  kInvalidArgument,   // a caller passed a value outside the contract
  kParse,             // text or bytes that do not follow the expected syntax
  kOutOfRange,        // a value that parses but lies outside what is allowed
  kOverflow,          // exact arithmetic that would not fit
  kNotFound,          // a file, key or record that does not exist
  kAlreadyExists,     // a record that must be unique exists already
  kIo,                // the operating system refused a read or write
  kValidation,        // data that is well-formed but violates a rule
  kState,             // an operation illegal in the current state
  kPermissionDenied,  // an actor not allowed to do this
  kUnavailable,       // a peer that cannot be reached now (retry may help)
  kTimeout,           // a deadline passed
  kRejected,          // a venue or the risk engine said no
  kCancelled,         // the operation was stopped on request
  kInternal,          // a bug or an impossible state reached through data
};

// Returns the stable lower-case name of a code, e.g. "parse".
std::string_view to_string(ErrorCode code);

// Describes an expected failure: what went wrong and, outermost last, where it happened.
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<std::string>& context() const { return context_; }

  // Adds a context line (e.g. "reading data/btc.csv line 12") and returns the error.
  Error& with_context(std::string context) & {
    context_.push_back(std::move(context));
    return *this;
  }
  Error&& with_context(std::string context) && {
    context_.push_back(std::move(context));
    return std::move(*this);
  }

  // Formats as "context-outer: ... : context-inner: message (code)".
  std::string to_string() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<std::string> context_;
};

}  // namespace omega
