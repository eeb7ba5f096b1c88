// Provides EngineEventBridge: the farm's side of notifications. It listens to a Kernel's bus —
// fills (stop and take-profit fills as stop/target hits), risk denials, risk warnings and bot
// faults, signals — and appends each as a FarmEvent to the store stream "notifications", where
// every chat front end's NotificationFeed reads it. Runs on the kernel thread; a store failure is
// logged and never reaches the kernel.
#pragma once

#include <cstdint>

#include "chat/notification_feed.hpp"
#include "engine/kernel.hpp"
#include "store/store.hpp"

namespace omega::chat {

class EngineEventBridge {
 public:
  // Subscribes to `kernel`'s bus; the bridge must live as long as the kernel publishes.
  EngineEventBridge(store::Store& store, engine::Kernel& kernel);

  // Returns how many events it appended, and how many appends failed.
  std::int64_t appended() const { return appended_; }
  std::int64_t failed() const { return failed_; }

 private:
  void append(const FarmEvent& event);
  std::string symbol_of(engine::InstrumentIndex i) const;

  store::Store* store_;
  engine::Kernel* kernel_;
  std::int64_t appended_ = 0;
  std::int64_t failed_ = 0;
};

}  // namespace omega::chat
