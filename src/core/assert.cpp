#include "core/assert.hpp"

#include <cstdio>
#include <cstdlib>

#include <spdlog/spdlog.h>

namespace omega::detail {

void assert_failed(const char* condition, const char* message, const char* file, int line) {
  std::fprintf(stderr, "omega: assertion failed: %s (%s) at %s:%d\n", message, condition, file,
               line);
  std::fflush(stderr);
  if (auto logger = spdlog::default_logger(); logger) {
    logger->critical("assertion failed: {} ({}) at {}:{}", message, condition, file, line);
    logger->flush();
  }
  std::abort();
}

}  // namespace omega::detail
