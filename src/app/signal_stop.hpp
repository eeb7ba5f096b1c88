// Provides SignalStop: turns SIGINT and SIGTERM into a callback on a thread of its own (sigwait),
// so a signal can wake a condition variable, which a signal handler may not do. A second signal
// ends the process at once (exit code 130) for a run that does not stop.
#pragma once

#include <csignal>
#include <functional>
#include <thread>

namespace omega::app {

// Blocks SIGINT and SIGTERM for the process from construction (construct it before starting
// threads, which inherit the mask) until destruction; start() waits for them on a thread. Their
// disposition is reset to the default meanwhile: a shell starts background jobs with SIGINT
// ignored, and an ignored signal never reaches sigwait.
class SignalStop {
 public:
  SignalStop();
  ~SignalStop();
  SignalStop(const SignalStop&) = delete;
  SignalStop& operator=(const SignalStop&) = delete;

  // Calls `on_signal(name)` ("SIGINT", "SIGTERM") on the signal thread for the first signal.
  void start(std::function<void(const char*)> on_signal);
  // Ends the signal thread (idempotent): no callback runs after it returns. Signals stay
  // blocked until destruction.
  void close();

 private:
  sigset_t set_{};
  sigset_t old_{};
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
  std::thread thread_;
  std::function<void(const char*)> on_signal_;
};

}  // namespace omega::app
