// Provides StoreHealth and WhenDown: whether the store reaches its backend and what writes do
// while it does not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace omega::store {

// What a store client does with writes while its server is unreachable.
enum class WhenDown : std::uint8_t {
  kHalt,    // refuse writes at once (kUnavailable): the bot must stop trading
  kBuffer,  // queue writes in memory (bounded) and send them on reconnect: the bot keeps trading
};

// Returns "halt" or "buffer".
constexpr std::string_view to_string(WhenDown policy) {
  return policy == WhenDown::kHalt ? "halt" : "buffer";
}

// A store client's state as a bot or an operator should see it.
struct StoreHealth {
  bool connected = true;
  WhenDown when_down = WhenDown::kHalt;
  std::size_t buffered_writes = 0;  // queued, not yet acknowledged by the server
  std::uint64_t reconnects = 0;     // successful reconnects since start
  std::string message;              // one line, e.g. "redis down: buffering writes (3 queued)"

  // True when writes are acknowledged by the backend now.
  bool writes_acknowledged() const { return connected; }
  // True when the bot must halt trading (down and the policy says halt).
  bool must_halt() const { return !connected && when_down == WhenDown::kHalt; }
};

}  // namespace omega::store
