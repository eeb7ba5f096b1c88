// Provides ControlConsumer, the farm's side of the control channel: it reads commands from the
// store stream "control" with the consumer group "engine" (so a restarted farm resumes where it
// stopped and takes back what it read but never acknowledged), applies each at most once to the
// farm's running Kernels (one per bot in paper mode) — halt/resume on every risk engine, bot run
// states on the kernel hosting the bot, manual orders through the risk engine of the kernel
// trading the symbol — and writes the result to bot state ("control", "cmd:ID") and the stream
// "control.results". Every command is audited. Runs on the kernel's thread: call poll() between
// bars.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "chat/control/control_protocol.hpp"
#include "core/result.hpp"
#include "engine/kernel.hpp"
#include "store/store.hpp"

namespace omega::chat {

class ControlConsumer {
 public:
  // `consumer` names this process in the group (one farm process: any stable name).
  ControlConsumer(store::Store& store, engine::Kernel& kernel, std::string consumer = "farm");
  // The same over several kernels (which must outlive the consumer).
  ControlConsumer(store::Store& store, std::vector<engine::Kernel*> kernels,
                  std::string consumer = "farm");

  // The wall clock commands' ages are measured on (kCommandTtl) and results are stamped with;
  // the system clock unless set (tests). Not the kernel's clock: a replay runs in market time.
  using WallClock = std::function<Timestamp()>;
  void set_clock(WallClock clock) { clock_ = std::move(clock); }

  // Creates the group when missing — from the stream's start, so commands sent before the farm
  // first ran are read (and expired by kCommandTtl when they trade) — and takes back entries
  // left pending by an earlier run; call once before the first poll.
  Status start();

  // Applies up to `max` new commands; returns how many it handled (duplicates included).
  Result<std::size_t> poll(std::size_t max = 16);

  // Publishes the farm state the chat reads (run state of every bot, the halt) to the store.
  Status publish_state();

  // Applies one command and returns its result (exposed for tests).
  ControlResult apply(const ControlCommand& command);

 private:
  Status handle(const store::StreamEntry& entry);

  Timestamp now() const;

  store::Store* store_;
  std::vector<engine::Kernel*> kernels_;
  std::string consumer_;
  WallClock clock_;
  bool started_ = false;
};

}  // namespace omega::chat
