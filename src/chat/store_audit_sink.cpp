#include "chat/store_audit_sink.hpp"

#include "core/log.hpp"

namespace omega::chat {

void StoreAuditSink::record(const AuditRecord& record) {
  store::AuditEntry e;
  e.ts = record.at;
  e.actor = "user:" + record.user_id;
  e.action = "chat." + (record.command.empty() ? std::string("unknown") : record.command);
  e.target = record.front_end;
  e.result = std::string(to_string(record.outcome));
  if (Status s = store_->append_audit(e); !s.ok()) {
    log_warn("chat audit: {}", s.error().message());
  }
}

}  // namespace omega::chat
