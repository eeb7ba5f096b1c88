#include "store/redis_connection.hpp"

// hiredis is included here only, behind RedisConnection.
#include <atomic>
#include <charconv>
#include <string>

#include <fmt/format.h>
#include <hiredis/hiredis.h>
#include <sys/socket.h>

namespace omega::store {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

RedisReply copy_reply(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i)
        out.elements.push_back(copy_reply(r->element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
      break;
  }
  return out;
}

// Appends `n` in decimal.
void append_decimal(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

}  // namespace

struct RedisConnection::Impl {
  redisContext* ctx = nullptr;
  // Commands appended since the last read, already in RESP form ("*3\r\n$3\r\nSET\r\n...").
  // Handed to hiredis in one piece before the next read: a pipeline costs one copy into hiredis'
  // output buffer instead of a formatting allocation per command. Reused, so it stops growing.
  std::string pending;
  std::atomic<int> fd{-1};
  std::string where;  // host:port, for messages (never the password)

  ~Impl() {
    if (ctx != nullptr) redisFree(ctx);
  }
  Error io_error() const {
    return Error(
        ErrorCode::kUnavailable,
        fmt::format("redis {}: {}", where, ctx && ctx->errstr[0] ? ctx->errstr : "I/O error"));
  }
};

RedisConnection::RedisConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RedisConnection::~RedisConnection() = default;

Result<std::unique_ptr<RedisConnection>> RedisConnection::open(const RedisOptions& options,
                                                               bool read_timeout) {
  auto impl = std::make_unique<Impl>();
  impl->where = fmt::format("{}:{}", options.host, options.port);
  impl->ctx = redisConnectWithTimeout(options.host.c_str(), options.port,
                                      to_timeval(options.connect_timeout));
  if (impl->ctx == nullptr) return Error(ErrorCode::kUnavailable, "redis: out of memory");
  if (impl->ctx->err != 0) {
    return Error(ErrorCode::kUnavailable,
                 fmt::format("cannot connect to redis {}: {}", impl->where, impl->ctx->errstr));
  }
  if (read_timeout) redisSetTimeout(impl->ctx, to_timeval(options.command_timeout));
  impl->fd = impl->ctx->fd;
  std::unique_ptr<RedisConnection> conn(new RedisConnection(std::move(impl)));
  const std::string& where = conn->impl_->where;
  if (!options.password.empty()) {
    RedisCommand auth = options.username.empty()
                            ? RedisCommand{"AUTH", options.password}
                            : RedisCommand{"AUTH", options.username, options.password};
    OMEGA_ASSIGN_OR_RETURN(RedisReply r, conn->command(auth));
    if (r.is_error()) {
      // The server's text names no secret; ours names the user only.
      return Error(ErrorCode::kPermissionDenied,
                   fmt::format("redis {}: AUTH failed for user '{}': {}", where,
                               options.username.empty() ? "default" : options.username, r.str));
    }
  }
  if (options.db != 0) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r, conn->command({"SELECT", std::to_string(options.db)}));
    if (r.is_error()) {
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("redis {}: SELECT {}: {}", where, options.db, r.str));
    }
  }
  OMEGA_ASSIGN_OR_RETURN(RedisReply pong, conn->command({"PING"}));
  if (pong.is_error_code("NOAUTH")) {
    return Error(ErrorCode::kPermissionDenied,
                 fmt::format("redis {} requires a password (set store.password)", where));
  }
  if (pong.is_error()) {
    return Error(ErrorCode::kUnavailable, fmt::format("redis {}: PING: {}", where, pong.str));
  }
  return conn;
}

void RedisConnection::append(const RedisCommand& command) {
  // RESP: an array of bulk strings, binary-safe (the same bytes redisFormatCommandArgv writes).
  std::string& out = impl_->pending;
  out += '*';
  append_decimal(out, command.size());
  out += "\r\n";
  for (const std::string& word : command) {
    out += '$';
    append_decimal(out, word.size());
    out += "\r\n";
    out += word;
    out += "\r\n";
  }
}

Result<RedisReply> RedisConnection::read_reply() {
  if (!impl_->pending.empty()) {
    const int rc =
        redisAppendFormattedCommand(impl_->ctx, impl_->pending.data(), impl_->pending.size());
    impl_->pending.clear();
    if (rc != REDIS_OK) return impl_->io_error();
  }
  void* raw = nullptr;
  if (impl_->ctx->err != 0 || redisGetReply(impl_->ctx, &raw) != REDIS_OK || raw == nullptr) {
    return impl_->io_error();
  }
  RedisReply out = copy_reply(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return out;
}

Result<std::vector<RedisReply>> RedisConnection::pipeline(std::span<const RedisCommand> commands) {
  for (const RedisCommand& c : commands) append(c);
  std::vector<RedisReply> out;
  out.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    OMEGA_ASSIGN_OR_RETURN(RedisReply r, read_reply());
    out.push_back(std::move(r));
  }
  return out;
}

Result<RedisReply> RedisConnection::command(const RedisCommand& command) {
  append(command);
  return read_reply();
}

void RedisConnection::shutdown() {
  const int fd = impl_->fd.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace omega::store
