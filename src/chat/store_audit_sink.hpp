// Provides StoreAuditSink: the pipeline's audit records written to the store's audit log
// (actor "user:ID", action "chat.COMMAND", target the front end, result the outcome).
#pragma once

#include "chat/audit_sink.hpp"
#include "store/store.hpp"

namespace omega::chat {

class StoreAuditSink final : public AuditSink {
 public:
  explicit StoreAuditSink(store::AuditStore& store) : store_(&store) {}
  // Writes one entry; a store failure is logged (the reply still goes out), never thrown.
  void record(const AuditRecord& record) override;

 private:
  store::AuditStore* store_;
};

}  // namespace omega::chat
