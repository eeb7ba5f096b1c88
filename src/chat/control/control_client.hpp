// Provides ControlClient, the chat's side of the control channel: it appends commands to the
// store stream "control" (audited) and reads their results by id; and ControlWatcher, a thread
// that waits for results that were not there yet and hands them to a callback (follow-ups).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "chat/control/control_protocol.hpp"
#include "chat/rate_limiter.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace omega::chat {

class ControlClient {
 public:
  // `store` must outlive the client; `clock` stamps commands.
  ControlClient(store::Store& store, ChatClock clock);

  // Gives the command a fresh idempotency id and a timestamp when it has none, appends it to
  // "control", records an audit entry ("control.ACTION", result "sent ID") and returns the id.
  Result<std::string> send(ControlCommand command);

  // Returns the result of command `id`, or nullopt while the farm has not answered.
  Result<std::optional<ControlResult>> result(std::string_view id);

  // Polls result(id) until it is there or `timeout` passes (0: one look).
  Result<std::optional<ControlResult>> wait(std::string_view id, std::chrono::milliseconds timeout);

  store::Store& store() { return *store_; }

 private:
  store::Store* store_;
  ChatClock clock_;
  std::string instance_;  // makes ids unique across processes
  std::uint64_t next_ = 1;
  std::mutex mutex_;
};

// Waits for results on a background thread: each watched id is looked up every `poll` until
// it answers (the callback gets the result) or its deadline passes (the callback gets nullopt).
class ControlWatcher {
 public:
  using Callback = std::function<void(std::optional<ControlResult>)>;
  ControlWatcher(ControlClient& client, std::chrono::milliseconds poll);
  ~ControlWatcher();
  ControlWatcher(const ControlWatcher&) = delete;
  ControlWatcher& operator=(const ControlWatcher&) = delete;

  // Watches `id` until `deadline` (steady clock).
  void watch(std::string id, std::chrono::steady_clock::time_point deadline, Callback callback);
  // Returns how many ids are still watched.
  std::size_t watching() const;

 private:
  struct Watched {
    std::string id;
    std::chrono::steady_clock::time_point deadline;
    Callback callback;
  };
  void loop(const std::stop_token& stop);

  ControlClient* client_;
  std::chrono::milliseconds poll_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<Watched> watched_;
  std::jthread thread_;
};

}  // namespace omega::chat
