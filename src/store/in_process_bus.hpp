// Provides InProcessBus: the SQLite backend's pub/sub, which only reaches subscribers in the same
// process (SQLite has no server to fan messages out); cross-process events use the streams.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/store.hpp"

namespace omega::store {

// Channels scoped by a namespace (the SQLite file), shared by every store of this process that
// opens the same file. Handlers run on the publisher's thread, synchronously, in subscribe order.
class InProcessBus {
 public:
  // Returns the bus for a namespace, creating it on first use.
  static std::shared_ptr<InProcessBus> for_namespace(const std::string& ns);

  // Delivers a message to the channel's current subscribers; returns how many got it.
  std::int64_t publish(std::string_view channel, std::string_view message);
  // Adds a handler; it is removed when the returned Subscription is destroyed.
  std::unique_ptr<Subscription> subscribe(std::string_view channel, Notifier::Handler handler);

  struct State;
  explicit InProcessBus(std::shared_ptr<State> state) : state_(std::move(state)) {}

 private:
  std::shared_ptr<State> state_;
};

}  // namespace omega::store
