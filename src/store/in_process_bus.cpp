#include "store/in_process_bus.hpp"

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace omega::store {

struct InProcessBus::State {
  std::mutex mutex;
  std::uint64_t next_id = 1;
  std::map<std::string, std::map<std::uint64_t, std::shared_ptr<Notifier::Handler>>, std::less<>>
      channels;
};

namespace {

class BusSubscription final : public Subscription {
 public:
  BusSubscription(std::shared_ptr<InProcessBus::State> state, std::string channel, std::uint64_t id)
      : state_(std::move(state)), channel_(std::move(channel)), id_(id) {}
  ~BusSubscription() override {
    std::lock_guard lock(state_->mutex);
    auto it = state_->channels.find(channel_);
    if (it != state_->channels.end()) it->second.erase(id_);
  }

 private:
  std::shared_ptr<InProcessBus::State> state_;
  std::string channel_;
  std::uint64_t id_;
};

}  // namespace

std::shared_ptr<InProcessBus> InProcessBus::for_namespace(const std::string& ns) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<InProcessBus>> registry;
  std::lock_guard lock(registry_mutex);
  if (auto existing = registry[ns].lock()) return existing;
  auto bus = std::make_shared<InProcessBus>(std::make_shared<State>());
  registry[ns] = bus;
  return bus;
}

std::int64_t InProcessBus::publish(std::string_view channel, std::string_view message) {
  std::vector<std::shared_ptr<Notifier::Handler>> handlers;
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->channels.find(channel);
    if (it == state_->channels.end()) return 0;
    for (auto& [id, handler] : it->second) handlers.push_back(handler);
  }
  // Called outside the lock so a handler may publish or unsubscribe.
  for (auto& handler : handlers) (*handler)(channel, message);
  return static_cast<std::int64_t>(handlers.size());
}

std::unique_ptr<Subscription> InProcessBus::subscribe(std::string_view channel,
                                                      Notifier::Handler handler) {
  std::lock_guard lock(state_->mutex);
  const std::uint64_t id = state_->next_id++;
  state_->channels[std::string(channel)][id] =
      std::make_shared<Notifier::Handler>(std::move(handler));
  return std::make_unique<BusSubscription>(state_, std::string(channel), id);
}

}  // namespace omega::store
