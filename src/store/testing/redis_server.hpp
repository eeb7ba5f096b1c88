// Provides RedisServer: a private redis-server on a free loopback port in a temporary
// directory, for tests and benchmarks that restart it, kill it or give it a password.
#pragma once

#include <filesystem>
#include <string>

#include <sys/types.h>

#include "core/result.hpp"
#include "store/store_options.hpp"

namespace omega::store::testing {

// Started by start(), stopped (and its directory removed) on destruction.
class RedisServer {
 public:
  // What the server is started with.
  struct Options {
    std::string password;      // requirepass when not empty
    bool fsync_always = true;  // appendfsync always: an acknowledged write survives SIGKILL
  };

  RedisServer() = default;
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts redis-server (from PATH) with AOF on; waits (bounded) until it answers PING.
  Status start(Options options);
  Status start() { return start(Options{}); }
  // Kills the server with SIGKILL (no shutdown save) and reaps it.
  void kill();
  // Stops it gracefully (SIGTERM) and reaps it.
  void stop();
  // Starts it again on the same port and directory (the AOF is replayed).
  Status restart();

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // Returns options for a client of this server (password included).
  RedisOptions client_options() const;
  // Returns "redis://127.0.0.1:PORT" (no password).
  std::string url() const;

 private:
  Status launch();
  Status wait_ready();

  Options options_;
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace omega::store::testing
