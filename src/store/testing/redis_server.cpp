#include "store/testing/redis_server.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/redis_connection.hpp"

namespace omega::store::testing {
namespace {

// Asks the kernel for a free loopback port (bind to port 0), then releases it for redis-server.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

RedisServer::~RedisServer() {
  kill();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

Status RedisServer::start(Options options) {
  options_ = std::move(options);
  std::string templ = (std::filesystem::temp_directory_path() / "omega-redis-test.XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) return Error(ErrorCode::kIo, "mkdtemp failed");
  dir_ = templ;
  // A port taken between free_port() and bind is retried with another one.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    if (port_ == 0) continue;
    if (launch().ok()) return ok_status();
  }
  return Error(ErrorCode::kUnavailable,
               fmt::format("could not start redis-server in {}", dir_.string()));
}

Status RedisServer::restart() {
  if (running()) stop();
  return launch();
}

Status RedisServer::launch() {
  std::vector<std::string> args = {"redis-server",
                                   "--bind",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(port_),
                                   "--dir",
                                   dir_.string(),
                                   "--appendonly",
                                   "yes",
                                   "--appendfsync",
                                   options_.fsync_always ? "always" : "everysec",
                                   "--save",
                                   "",
                                   "--daemonize",
                                   "no",
                                   "--logfile",
                                   (dir_ / "redis.log").string()};
  if (!options_.password.empty()) {
    args.push_back("--requirepass");
    args.push_back(options_.password);
  }
  // Built before fork: the child of a threaded process should not allocate.
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return Error(ErrorCode::kIo, "fork failed");
  if (pid == 0) {
    ::execvp("redis-server", argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  if (Status st = wait_ready(); !st.ok()) {
    kill();
    return st;
  }
  return ok_status();
}

Status RedisServer::wait_ready() {
  RedisOptions o = client_options();
  o.connect_timeout = std::chrono::milliseconds(200);
  // Bounded readiness poll: up to ~5 s, then give up with the server's state.
  for (int attempt = 0; attempt < 250; ++attempt) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Error(ErrorCode::kUnavailable, "redis-server exited during start-up");
    }
    auto conn = RedisConnection::open(o);
    if (conn.ok()) return ok_status();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Error(ErrorCode::kTimeout, "redis-server did not answer PING within 5 s");
}

void RedisServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

RedisOptions RedisServer::client_options() const {
  RedisOptions o;
  o.host = "127.0.0.1";
  o.port = port_;
  o.password = options_.password;
  return o;
}

std::string RedisServer::url() const {
  return fmt::format("redis://127.0.0.1:{}", port_);
}

}  // namespace omega::store::testing
