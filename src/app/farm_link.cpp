#include "app/farm_link.hpp"

#include <fmt/format.h>

#include "chat/farm_state.hpp"
#include "core/log.hpp"

namespace omega::app {
namespace {

Timestamp wall_now() {
  return Timestamp::from_ns(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
}

}  // namespace

FarmLink::FarmLink(paper::PaperSession& session, store::Store& store, Options options)
    : session_(session), store_(store), options_(options) {}

Result<std::unique_ptr<FarmLink>> FarmLink::attach(paper::PaperSession& session,
                                                   store::Store& store, const FarmFacts& facts,
                                                   Options options) {
  using chat::farm_keys::kInitial;
  using chat::farm_keys::kKind;
  using chat::farm_keys::kLimits;
  for (const auto& [bot, kind] : facts.bot_kinds)
    OMEGA_TRY(chat::put_state(store, bot, kKind, kind));
  OMEGA_TRY(chat::put_state(store, chat::kFarmStateBot, kInitial, facts.initial));
  OMEGA_TRY(chat::put_state(store, chat::kFarmStateBot, kLimits, facts.limits));

  std::unique_ptr<FarmLink> link(new FarmLink(session, store, options));
  std::vector<engine::Kernel*> kernels;
  for (std::size_t i = 0; i < session.bot_count(); ++i) {
    kernels.push_back(&session.kernel(i));
    link->bridges_.push_back(std::make_unique<chat::EngineEventBridge>(store, session.kernel(i)));
  }
  link->consumer_ = std::make_unique<chat::ControlConsumer>(store, std::move(kernels));
  if (link->options_.retention) link->retention_.emplace(store, *link->options_.retention);
  FarmLink* self = link.get();
  self->queued_ = true;
  session.post([self](paper::PaperSession&) { self->tick(); });
  self->thread_ = std::thread([self] { self->timer(); });
  return link;
}

FarmLink::~FarmLink() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t FarmLink::events() const {
  std::int64_t n = 0;
  for (const auto& b : bridges_) n += b->appended();
  return n;
}

void FarmLink::timer() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    // A production poll interval, not a synchronisation: the tick runs on the kernel thread.
    wake_.wait_for(lock, options_.poll_every, [this] { return stop_; });
    if (stop_) break;
    if (!queued_.exchange(true)) session_.post([this](paper::PaperSession&) { tick(); });
  }
}

void FarmLink::tick() {
  queued_ = false;
  Status s = ok_status();
  if (!started_) {
    // Pending commands first (sent while no farm ran, or read by a run that died), then the
    // state the chat shows.
    s = consumer_->start();
    if (s.ok()) s = consumer_->publish_state();
    started_ = s.ok();
  }
  if (s.ok()) {
    auto n = consumer_->poll();
    if (n.ok()) {
      commands_ += static_cast<std::int64_t>(*n);
    } else {
      s = n.error();
    }
  }
  if (!s.ok()) {
    // The store may come back: keep running the bots, say it once per distinct error.
    const std::string text = s.error().to_string();
    if (text != last_error_) log_warn("control channel: {}", text);
    last_error_ = text;
  } else {
    last_error_.clear();
  }
  // Retention goes by the wall clock: streams and the audit log are stamped with it, and a
  // replay's market time would trim by dates years away.
  if (retention_) (void)retention_->poll(wall_now());
}

Status FarmLink::finish() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (std::size_t i = 0; i < session_.bot_count(); ++i) {
    OMEGA_TRY(chat::put_state(store_, session_.bot_name(i), chat::farm_keys::kRunState, "stopped"));
  }
  return ok_status();
}

}  // namespace omega::app
