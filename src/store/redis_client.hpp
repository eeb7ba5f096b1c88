// Provides RedisClient: one Redis connection driven by its own I/O thread, with connect and
// command timeouts, AUTH, reconnect with exponential backoff, pipelining, and a WhenDown policy
// (halt, or buffer writes and send them on reconnect). hiredis stays in redis_client.cpp.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/redis_reply.hpp"
#include "store/store_health.hpp"
#include "store/store_options.hpp"

namespace omega::store {

// Threading: any thread may call execute(). When nothing is queued or in flight the caller sends
// its pipeline on its own thread (no hand-off); otherwise the call is queued to the I/O thread,
// which sends whatever is queued as one pipeline and hands the replies back. Either way one
// pipeline at a time uses the connection, in call order. The I/O thread also reconnects.
class RedisClient {
 public:
  // Whether a request changes data: writes may be buffered while the server is down.
  enum class Kind : std::uint8_t { kRead, kWrite };

  // Connects, authenticates and PINGs on the calling thread, then starts the I/O thread. Fails
  // with kPermissionDenied for a wrong user or password, kUnavailable when unreachable.
  static Result<std::unique_ptr<RedisClient>> connect(const RedisOptions& options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // Sends the commands as one pipeline and returns one reply per command (error replies are
  // replies, not failures). Fails with kUnavailable when the server is down: a write under
  // WhenDown::kBuffer is then queued and lands on reconnect (the message says so); under kHalt
  // nothing is queued. A write whose connection broke mid-flight is resent on reconnect under
  // kBuffer, so writes should be idempotent (ledger scripts are; stream appends are
  // at-least-once).
  Result<std::vector<RedisReply>> execute(std::vector<RedisCommand> commands, Kind kind);
  // Sends one command; see execute().
  Result<RedisReply> command(RedisCommand command, Kind kind);

  // Loads Lua scripts (SCRIPT LOAD) and returns their SHA1s, one per body, for EVALSHA. The
  // client loads them again on every reconnect before it sends anything, and answers a NOSCRIPT
  // reply to an EVALSHA of one of them by sending the body with EVAL.
  Result<std::vector<std::string>> load_scripts(std::span<const std::string> bodies);

  // Waits until no write is queued or in flight; kTimeout after `timeout`.
  Status flush(std::chrono::milliseconds timeout);
  // Waits until the connection is up; kTimeout after `timeout`.
  Status wait_connected(std::chrono::milliseconds timeout);
  // Reports connection state, policy and queued writes.
  StoreHealth health() const;
  const RedisOptions& options() const;

  struct Impl;

 private:
  explicit RedisClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::store
