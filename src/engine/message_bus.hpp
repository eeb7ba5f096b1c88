// Provides MessageBus: typed topics with subscribers called synchronously, in subscription
// order, on the kernel thread, so every run dispatches in the same order.
#pragma once

#include <functional>
#include <tuple>
#include <vector>

#include "engine/clock.hpp"
#include "engine/messages.hpp"

namespace omega::engine {

// One topic per message type. publish() calls each subscriber before returning; a handler that
// publishes again nests (depth first), which keeps causality obvious in a single thread.
class MessageBus {
 public:
  template <typename T>
  using Handler = std::function<void(const T&)>;

  // Adds a subscriber to the topic of T.
  template <typename T>
  void subscribe(Handler<T> handler) {
    std::get<std::vector<Handler<T>>>(topics_).push_back(std::move(handler));
  }
  // Delivers a message to every subscriber of its topic.
  template <typename T>
  void publish(const T& message) const {
    for (const auto& handler : std::get<std::vector<Handler<T>>>(topics_)) handler(message);
  }
  // Returns the number of subscribers of T's topic.
  template <typename T>
  std::size_t subscriber_count() const {
    return std::get<std::vector<Handler<T>>>(topics_).size();
  }

 private:
  std::tuple<std::vector<Handler<CandleClosed>>, std::vector<Handler<TradeReceived>>,
             std::vector<Handler<OrderUpdated>>, std::vector<Handler<PositionChanged>>,
             std::vector<Handler<SignalPublished>>, std::vector<Handler<NotificationRaised>>,
             std::vector<Handler<TimerFired>>>
      topics_;
};

}  // namespace omega::engine
