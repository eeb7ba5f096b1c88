// Implements ProgressBar.
#include "app/progress_bar.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <unistd.h>

namespace omega::app {

ProgressBar::ProgressBar(std::FILE* stream, std::string label, bool enabled)
    : stream_(stream),
      label_(std::move(label)),
      active_(enabled && stream != nullptr && ::isatty(::fileno(stream)) == 1),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  finish();
}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!active_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * kWidth);
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  fmt::print(stream_, "\r{} [{}{}] {:3.0f} %  {}/{}  {:.2f} M/s ", label_,
             std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(kWidth - filled), '.'), fraction * 100.0, done,
             total, rate / 1e6);
  std::fflush(stream_);
}

void ProgressBar::finish() {
  if (!active_ || !drawn_) return;
  fmt::print(stream_, "\r\033[2K");  // carriage return, erase the line
  std::fflush(stream_);
  drawn_ = false;
  active_ = false;
}

std::function<void(std::size_t, std::size_t)> ProgressBar::callback() {
  if (!active_) return {};
  return [this](std::size_t done, std::size_t total) { update(done, total); };
}

}  // namespace omega::app
