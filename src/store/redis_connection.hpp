// Provides RedisConnection: one synchronous hiredis connection (connect timeout, command
// timeout, AUTH, SELECT, PING), used by one thread at a time. hiredis stays in the .cpp.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "store/redis_reply.hpp"
#include "store/store_options.hpp"

namespace omega::store {

// Not thread-safe, except shutdown(), which any thread may call to unblock a reader.
class RedisConnection {
 public:
  // Connects within connect_timeout, authenticates and checks with PING. kPermissionDenied for
  // a wrong user or password or a missing one; kUnavailable when the server cannot be reached.
  // `read_timeout` false leaves reads blocking (a subscriber waits for messages).
  static Result<std::unique_ptr<RedisConnection>> open(const RedisOptions& options,
                                                       bool read_timeout = true);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Queues a command in the output buffer (sent by the next read).
  void append(const RedisCommand& command);
  // Flushes the output buffer and reads one reply; kUnavailable when the connection broke
  // (the connection is unusable afterwards).
  Result<RedisReply> read_reply();
  // Sends commands as one pipeline and reads all replies.
  Result<std::vector<RedisReply>> pipeline(std::span<const RedisCommand> commands);
  // Sends one command and reads its reply.
  Result<RedisReply> command(const RedisCommand& command);
  // Shuts the socket down so a blocked read_reply() returns; safe from another thread.
  void shutdown();

  struct Impl;

 private:
  explicit RedisConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace omega::store
