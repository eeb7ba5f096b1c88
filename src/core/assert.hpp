// Provides OMEGA_ASSERT: checks a programmer invariant, logs and aborts when it fails.
// Never use it for conditions reachable from user input; return an Error instead.
#pragma once

namespace omega::detail {

[[noreturn]] void assert_failed(const char* condition, const char* message, const char* file,
                                int line);

}  // namespace omega::detail

#define OMEGA_ASSERT(cond, msg)                                         \
  do {                                                                  \
    if (!(cond)) [[unlikely]] {                                         \
      ::omega::detail::assert_failed(#cond, (msg), __FILE__, __LINE__); \
    }                                                                   \
  } while (false)

#define OMEGA_UNREACHABLE(msg) \
  ::omega::detail::assert_failed("unreachable", (msg), __FILE__, __LINE__)
