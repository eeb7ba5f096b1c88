// Implements SignalStop with pthread_sigmask and sigwait.
#include "app/signal_stop.hpp"

#include <atomic>
#include <cstdlib>

#include <pthread.h>
#include <unistd.h>

namespace omega::app {
namespace {

// Set before the destructor wakes the thread, so the wake-up is not taken for a user's signal.
std::atomic<bool> g_closing{false};

}  // namespace

SignalStop::SignalStop() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, &old_);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGINT, &dfl, &old_int_);
  sigaction(SIGTERM, &dfl, &old_term_);
  g_closing = false;
}

SignalStop::~SignalStop() {
  close();
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

void SignalStop::close() {
  if (!thread_.joinable()) return;
  g_closing = true;
  pthread_kill(thread_.native_handle(), SIGTERM);  // blocked there: sigwait takes it
  thread_.join();
}

void SignalStop::start(std::function<void(const char*)> on_signal) {
  on_signal_ = std::move(on_signal);
  thread_ = std::thread([this] {
    int received = 0;
    while (true) {
      int sig = 0;
      if (sigwait(&set_, &sig) != 0) continue;
      if (g_closing) return;
      if (++received > 1) {
        static constexpr char kMessage[] =
            "omega: second signal: exiting now, outputs not written\n";
        (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
        std::_Exit(130);
      }
      on_signal_(sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
  });
}

}  // namespace omega::app
