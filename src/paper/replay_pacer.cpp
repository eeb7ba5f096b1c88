// Implements ReplaySpeed parsing and the pacer's time arithmetic.
#include "paper/replay_pacer.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace omega::paper {

std::string ReplaySpeed::to_string() const {
  if (max) return "max";
  return fmt::format("{}x", factor);
}

Result<ReplaySpeed> parse_replay_speed(std::string_view text) {
  if (text == "max") return ReplaySpeed{1.0, true};
  auto bad = [&] {
    return Error(ErrorCode::kParse,
                 fmt::format("speed '{}' is not '<number>x' (1x, 60x, 0.5x) or 'max'", text));
  };
  if (text.size() < 2 || (text.back() != 'x' && text.back() != 'X')) return bad();
  const std::string_view number = text.substr(0, text.size() - 1);
  double factor = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), factor);
  if (ec != std::errc() || end != number.data() + number.size()) return bad();
  if (!std::isfinite(factor) || factor <= 0) {
    return Error(ErrorCode::kParse, fmt::format("speed '{}' must be above 0x", text));
  }
  return ReplaySpeed{factor, false};
}

void VirtualSteadySource::wait_until(std::unique_lock<std::mutex>& lock,
                                     std::condition_variable& cv, TimePoint deadline) {
  (void)lock;
  (void)cv;
  if (deadline > now_) {
    now_ = deadline;
    ++waits_;
  }
}

ReplayPacer::TimePoint ReplayPacer::due(Duration elapsed) const {
  if (speed_.max) return start_;
  const double wall_ns = static_cast<double>(elapsed.count()) / speed_.factor;
  // A date far beyond any replay (2^62 ns is 146 years) caps the arithmetic.
  const double capped = std::min(wall_ns, 4.6e18);
  return start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(capped)));
}

}  // namespace omega::paper
