// Provides ProgressBar: a one-line progress bar on stderr for long commands, drawn only when
// stderr is a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>

namespace omega::app {

// Redraws "label [#####.....]  42 %  1.2 M/s" in place (carriage return) at most every 100 ms;
// finish() clears the line. Does nothing when the stream is not a terminal.
class ProgressBar {
 public:
  // Draws on `stream` when it is a terminal (isatty) and `enabled`.
  ProgressBar(std::FILE* stream, std::string label, bool enabled = true);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // True when the bar draws anything.
  bool active() const { return active_; }
  // Reports `done` of `total` units.
  void update(std::size_t done, std::size_t total);
  // Clears the bar's line (once).
  void finish();
  // Returns a callback for BacktestConfig::progress, or an empty one when inactive (so the
  // replay loop does not even call it).
  std::function<void(std::size_t, std::size_t)> callback();

 private:
  std::FILE* stream_;
  std::string label_;
  bool active_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace omega::app
