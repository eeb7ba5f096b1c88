// Provides GatewayClient: the Discord gateway over WebSocket (ws:// or wss:// with OpenSSL) on
// its own I/O thread, driving a GatewaySession. Time is real or manual: in manual mode nothing
// happens on a timer until advance() is called, so tests drive heartbeats without waiting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "chat/discord/client/gateway_session.hpp"
#include "core/result.hpp"

namespace omega::chat::discord {

// Where the session's clock comes from.
enum class TimeMode : std::uint8_t {
  kReal,    // a steady clock and timers
  kManual,  // advance() moves time; no timer fires by itself
};

// How the client connects.
struct GatewayClientOptions {
  GatewaySessionConfig session;
  TimeMode time = TimeMode::kReal;
  std::string ca_file;  // wss://: extra trusted CA (PEM); the system store is always used
};

// What the client looks like now (copied under a lock for other threads).
struct GatewaySnapshot {
  bool connected = false;  // a socket is open
  bool ready = false;      // READY or RESUMED seen on the current connection
  bool stopped = false;
  std::string fatal_error;
  std::string session_id;
  std::string resume_url;
  std::optional<std::int64_t> seq;
  std::string user_id;
  std::string application_id;
  std::string last_connect_url;
  // Why the last connection attempt failed before the WebSocket opened (TLS, connect), e.g.
  // "TLS handshake with localhost:443 failed: certificate not trusted: …".
  std::string last_error;
  std::size_t connects = 0;
  std::int64_t heartbeat_interval_ms = 0;
  GatewayStats stats;
};

// A gateway connection for one shard.
class GatewayClient {
 public:
  // Called on the client's I/O thread for every dispatch; must not block.
  using DispatchHandler =
      std::function<void(const std::string& name, std::int64_t seq, const std::string& frame)>;

  GatewayClient(GatewayClientOptions options, DispatchHandler on_dispatch);
  ~GatewayClient();
  GatewayClient(const GatewayClient&) = delete;
  GatewayClient& operator=(const GatewayClient&) = delete;

  // Connects to `gateway_url` (the url of GET /gateway/bot, without query) and identifies.
  void start(std::string gateway_url);
  // Closes with 1000 and joins the I/O thread; idempotent.
  void stop();

  // Manual time only: moves the clock by `by`, running every heartbeat, reconnect and queued
  // send that falls due on the way; returns once they are handed to the sockets.
  void advance(std::chrono::milliseconds by);

  // Queues an application payload (e.g. a presence update); see GatewaySession::queue_payload.
  Status send_payload(std::string json);

  GatewaySnapshot snapshot() const;
  // Waits until `pred` holds for the snapshot (re-checked on every change), or `timeout`.
  bool wait_for(const std::function<bool(const GatewaySnapshot&)>& pred,
                std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::chat::discord
