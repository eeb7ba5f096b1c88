// Provides AuditSink: where the pipeline records every message and its outcome (the store
// implements it later; tests and the console keep records in memory).
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "chat/chat_message.hpp"
#include "core/time.hpp"

namespace omega::chat {

// One audited message: who asked what, and how it ended.
struct AuditRecord {
  Timestamp at;
  std::string front_end;
  std::string user_id;
  std::string command;  // "" when the text was not a known command
  std::string text;     // the input, cut to the configured maximum
  ReplyOutcome outcome = ReplyOutcome::kFailed;
};

// Receives audit records; implementations must not throw.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Stores one record.
  virtual void record(const AuditRecord& record) = 0;
};

// Keeps records in memory (console sessions, tests).
class MemoryAuditSink final : public AuditSink {
 public:
  void record(const AuditRecord& record) override {
    std::lock_guard lock(mutex_);
    records_.push_back(record);
  }
  // Returns a copy of every record so far.
  std::vector<AuditRecord> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<AuditRecord> records_;
};

}  // namespace omega::chat
