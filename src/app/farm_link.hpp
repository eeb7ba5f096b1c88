// Provides FarmLink: what connects a running paper session (`omega run`) to the rest of the farm
// through its store — the control channel (a ControlConsumer reading the stream "control" with
// the group "engine", answering on "control.results"), farm events for notifications (an
// EngineEventBridge per bot, appending to "notifications"), the farm state the chat reads (bot
// kinds and run states, starting balances, risk limits, the halt) and store retention (a
// RetentionTimer). All store and kernel work runs on the kernel thread through
// PaperSession::post; the link's timer thread only posts.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "chat/control/control_consumer.hpp"
#include "chat/control/event_bridge.hpp"
#include "core/result.hpp"
#include "paper/paper_session.hpp"
#include "store/retention.hpp"
#include "store/store.hpp"

namespace omega::app {

// The farm state written when the run starts (docs/chat.md, "Farm state in the store").
struct FarmFacts {
  std::vector<std::pair<std::string, std::string>> bot_kinds;  // bot id, strategy kind
  std::string initial;  // "USDT=20000": the bots' starting balances summed per currency
  std::string limits;   // "fibonacci_trader: max_daily_loss=50; sma_cross: none"
};

class FarmLink {
 public:
  struct Options {
    std::chrono::milliseconds poll_every{200};  // how often control and retention are looked at
    std::optional<store::RetentionPolicy> retention;
  };

  // Writes `facts`, builds the consumer and one bridge per bot over the session's kernels, and
  // posts the first tick (it runs once the session's bots started: pending commands first).
  // Call before session.run(); `session` and `store` must outlive the link.
  static Result<std::unique_ptr<FarmLink>> attach(paper::PaperSession& session, store::Store& store,
                                                  const FarmFacts& facts, Options options);
  // Stops the timer thread.
  ~FarmLink();
  FarmLink(const FarmLink&) = delete;
  FarmLink& operator=(const FarmLink&) = delete;

  // After session.run() returned: applies nothing more and writes every bot's run state as
  // "stopped", so /status tells that the farm is not running.
  Status finish();

  // Control commands handled and notification events appended so far (kernel thread).
  std::int64_t commands() const { return commands_; }
  std::int64_t events() const;

 private:
  FarmLink(paper::PaperSession& session, store::Store& store, Options options);
  void tick();  // kernel thread
  void timer();

  paper::PaperSession& session_;
  store::Store& store_;
  Options options_;
  std::unique_ptr<chat::ControlConsumer> consumer_;
  std::vector<std::unique_ptr<chat::EngineEventBridge>> bridges_;
  std::optional<store::RetentionTimer> retention_;
  bool started_ = false;
  std::int64_t commands_ = 0;
  std::string last_error_;  // logged once until it changes

  std::atomic<bool> queued_{false};  // a tick is posted and has not run yet
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace omega::app
