#include "chat/control/control_client.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace omega::chat {

ControlClient::ControlClient(store::Store& store, ChatClock clock)
    : store_(&store), clock_(std::move(clock)) {
  instance_ = fmt::format("{}-{}", static_cast<long>(::getpid()), clock_().ns());
}

Result<std::string> ControlClient::send(ControlCommand command) {
  {
    std::lock_guard lock(mutex_);
    if (command.id.empty()) command.id = fmt::format("{}-{}", instance_, next_++);
  }
  if (command.ts == Timestamp()) command.ts = clock_();
  if (command.front_end.empty()) command.front_end = "console";
  OMEGA_TRY(store_->append_event(kControlStream, encode(command)));
  store::AuditEntry audit;
  audit.ts = command.ts;
  audit.actor = "user:" + command.user;
  audit.action = "control." + command.action;
  audit.target =
      command.bot.empty() ? (command.symbol.empty() ? command.order : command.symbol) : command.bot;
  audit.result = "sent " + command.id;
  OMEGA_TRY(store_->append_audit(audit));
  return command.id;
}

Result<std::optional<ControlResult>> ControlClient::result(std::string_view id) {
  OMEGA_ASSIGN_OR_RETURN(auto v, store_->get_state(store::BotId(std::string(kControlStateBot)),
                                                   "cmd:" + std::string(id)));
  if (!v || v->value.empty() || v->value.front() != '{') return std::optional<ControlResult>{};
  OMEGA_ASSIGN_OR_RETURN(ControlResult r, decode_result(v->value));
  return std::optional<ControlResult>(std::move(r));
}

Result<std::optional<ControlResult>> ControlClient::wait(std::string_view id,
                                                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    OMEGA_ASSIGN_OR_RETURN(auto r, result(id));
    if (r || std::chrono::steady_clock::now() >= deadline) return r;
    // The farm answers between bars; polling the store is the only signal that works across
    // processes on SQLite too.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ControlWatcher::ControlWatcher(ControlClient& client, std::chrono::milliseconds poll)
    : client_(&client), poll_(poll), thread_([this](const std::stop_token& s) { loop(s); }) {}

ControlWatcher::~ControlWatcher() {
  thread_.request_stop();
  wake_.notify_all();
}

void ControlWatcher::watch(std::string id, std::chrono::steady_clock::time_point deadline,
                           Callback callback) {
  {
    std::lock_guard lock(mutex_);
    watched_.push_back({std::move(id), deadline, std::move(callback)});
  }
  wake_.notify_all();
}

std::size_t ControlWatcher::watching() const {
  std::lock_guard lock(mutex_);
  return watched_.size();
}

void ControlWatcher::loop(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    if (watched_.empty()) {
      wake_.wait(lock, stop, [this] { return !watched_.empty(); });
      continue;
    }
    std::vector<Watched> work = watched_;
    lock.unlock();
    std::vector<std::pair<std::string, std::optional<ControlResult>>> done;
    const auto now = std::chrono::steady_clock::now();
    for (const Watched& w : work) {
      auto r = client_->result(w.id);
      if (r.ok() && r->has_value()) {
        done.emplace_back(w.id, *r);
        w.callback(*r);
      } else if (now >= w.deadline) {
        done.emplace_back(w.id, std::nullopt);
        w.callback(std::nullopt);
      }
    }
    lock.lock();
    std::erase_if(watched_, [&](const Watched& w) {
      return std::any_of(done.begin(), done.end(), [&](const auto& d) { return d.first == w.id; });
    });
    wake_.wait_for(lock, stop, poll_, [] { return false; });
  }
}

}  // namespace omega::chat
