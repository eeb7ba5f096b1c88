#include "store/redis_client.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "core/log.hpp"
#include "store/redis_connection.hpp"

namespace omega::store {
namespace {

// The most requests the I/O thread sends as one pipeline.
constexpr std::size_t kMaxBatch = 512;

// One caller's pipeline. Its fields after `commands` are guarded by the client's mutex.
struct Request {
  std::vector<RedisCommand> commands;
  RedisClient::Kind kind = RedisClient::Kind::kRead;
  bool done = false;      // `result` holds the answer
  bool buffered = false;  // the connection broke; the write waits in the queue for reconnect
  std::optional<Result<std::vector<RedisReply>>> result;
};

}  // namespace

struct RedisClient::Impl {
  RedisOptions options;
  std::string where;
  std::unique_ptr<RedisConnection> conn;  // used by whoever set `busy` (I/O thread or a caller)

  mutable std::mutex mutex;
  std::condition_variable wake;  // the I/O thread waits on it
  std::condition_variable idle;  // flush(), callers and wait_connected() wait on it
  std::deque<std::shared_ptr<Request>> queue;
  std::size_t pending_writes = 0;  // queued or in flight
  bool connected = true;
  bool busy = false;  // a pipeline is in flight on `conn`; nobody else may touch it
  bool stop = false;
  std::uint64_t reconnects = 0;
  std::thread thread;

  // Scripts loaded with SCRIPT LOAD, by SHA1; reloaded on every reconnect (a restarted server
  // has an empty script cache) and used to answer NOSCRIPT. Guarded by `scripts_mutex`.
  std::mutex scripts_mutex;
  std::map<std::string, std::string, std::less<>> scripts;

  void finish(const std::shared_ptr<Request>& r, Result<std::vector<RedisReply>> result) {
    if (r->kind == Kind::kWrite) --pending_writes;
    r->result = std::move(result);
    r->done = true;
  }

  // Fails every queued request the policy does not keep (all reads; writes under kHalt).
  void drop_unkept(std::string_view why) {
    std::deque<std::shared_ptr<Request>> kept;
    for (auto& r : queue) {
      if (r->kind == Kind::kWrite && options.when_down == WhenDown::kBuffer) {
        kept.push_back(r);
      } else {
        finish(r, Error(ErrorCode::kUnavailable, fmt::format("redis {} down: {}", where, why)));
      }
    }
    queue.swap(kept);
    idle.notify_all();
  }

  // Loads every registered script on `c` (after a reconnect, before anything else is sent).
  Status load_scripts(RedisConnection& c) {
    std::vector<RedisCommand> loads;
    {
      std::lock_guard lock(scripts_mutex);
      for (const auto& [sha, body] : scripts) loads.push_back({"SCRIPT", "LOAD", body});
    }
    if (loads.empty()) return ok_status();
    OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs, c.pipeline(loads));
    for (const RedisReply& r : rs) {
      if (r.is_error()) {
        return Error(ErrorCode::kUnavailable,
                     fmt::format("redis {}: SCRIPT LOAD: {}", where, r.str));
      }
    }
    return ok_status();
  }

  // Sends the batch as one pipeline on `conn` and reads every reply; called without the lock by
  // the holder of `busy`. An EVALSHA answered NOSCRIPT (someone ran SCRIPT FLUSH) is sent again
  // with its script body, once.
  Status send(const std::vector<std::shared_ptr<Request>>& batch,
              std::vector<std::vector<RedisReply>>& answers) {
    for (const auto& r : batch) {
      for (const RedisCommand& c : r->commands) conn->append(c);
    }
    answers.assign(batch.size(), {});
    bool noscript = false;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      answers[i].reserve(batch[i]->commands.size());
      for (std::size_t j = 0; j < batch[i]->commands.size(); ++j) {
        OMEGA_ASSIGN_OR_RETURN(RedisReply reply, conn->read_reply());
        noscript = noscript || reply.is_error_code("NOSCRIPT");
        answers[i].push_back(std::move(reply));
      }
    }
    if (noscript) {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        for (std::size_t j = 0; j < batch[i]->commands.size(); ++j) {
          const RedisCommand& c = batch[i]->commands[j];
          if (!answers[i][j].is_error_code("NOSCRIPT") || c.size() < 2 || c[0] != "EVALSHA") {
            continue;
          }
          RedisCommand eval = c;
          {
            std::lock_guard lock(scripts_mutex);
            auto it = scripts.find(c[1]);
            if (it == scripts.end()) continue;
            eval[0] = "EVAL";
            eval[1] = it->second;
          }
          OMEGA_ASSIGN_OR_RETURN(answers[i][j], conn->command(eval));
        }
      }
      OMEGA_TRY(load_scripts(*conn));
    }
    return ok_status();
  }

  // Hands the replies back, or (the connection broke) requeues or fails the batch. Under the
  // lock; clears `busy`.
  void settle(std::vector<std::shared_ptr<Request>>& batch,
              std::vector<std::vector<RedisReply>>& answers, const Status& io) {
    busy = false;
    if (io.ok()) {
      for (std::size_t i = 0; i < batch.size(); ++i) finish(batch[i], std::move(answers[i]));
      idle.notify_all();
      if (!queue.empty() || stop) wake.notify_one();
      return;
    }
    // The connection broke: the batch may or may not have run. Writes go back to the front
    // under kBuffer (they are idempotent or at-least-once); everything else fails.
    conn.reset();
    connected = false;
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
      (*it)->buffered = true;
      queue.push_front(*it);
    }
    log_warn("redis {} down ({}): {}", where, io.error().message(),
             options.when_down == WhenDown::kHalt
                 ? "halting: writes refused until it is back"
                 : fmt::format("buffering writes ({} queued), trading continues", pending_writes));
    drop_unkept("connection lost; outcome of the request unknown");
    wake.notify_one();  // the I/O thread reconnects
  }

  void run() {
    std::chrono::milliseconds backoff = options.backoff_initial;
    std::unique_lock lock(mutex);
    while (true) {
      if (!connected) {
        if (stop) break;
        lock.unlock();
        auto opened = RedisConnection::open(options);
        Status loaded = opened.ok() ? load_scripts(**opened) : Status(opened.error());
        lock.lock();
        if (loaded.ok()) {
          conn = std::move(opened).value();
          connected = true;
          idle.notify_all();
          ++reconnects;
          backoff = options.backoff_initial;
          log_info("redis {} reconnected; sending {} buffered writes", where, pending_writes);
          continue;
        }
        // Waiting out the backoff is the retry schedule; stop() cuts it short.
        wake.wait_for(lock, backoff, [&] { return stop; });
        backoff = std::min(backoff * 2, options.backoff_max);
        continue;
      }
      wake.wait(lock, [&] { return !connected || (!busy && (stop || !queue.empty())); });
      if (!connected) continue;
      if (queue.empty()) break;  // stopping with nothing left to send
      std::vector<std::shared_ptr<Request>> batch;
      while (!queue.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue.front()));
        queue.pop_front();
      }
      busy = true;
      lock.unlock();
      std::vector<std::vector<RedisReply>> answers;
      Status io = send(batch, answers);
      lock.lock();
      settle(batch, answers, io);
    }
    // Stopped: whatever is still queued cannot be sent any more.
    if (!queue.empty()) {
      log_warn("redis {}: closing with {} unsent writes", where, pending_writes);
    }
    for (auto& r : queue) {
      finish(r, Error(ErrorCode::kCancelled, "redis client closed before the write was sent"));
    }
    queue.clear();
    idle.notify_all();
  }
};

RedisClient::RedisClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RedisClient::~RedisClient() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<RedisClient>> RedisClient::connect(const RedisOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->where = fmt::format("{}:{}", options.host, options.port);
  OMEGA_ASSIGN_OR_RETURN(impl->conn, RedisConnection::open(options));
  Impl* raw = impl.get();
  raw->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<RedisClient>(new RedisClient(std::move(impl)));
}

Result<std::vector<RedisReply>> RedisClient::execute(std::vector<RedisCommand> commands,
                                                     Kind kind) {
  Impl& d = *impl_;
  auto request = std::make_shared<Request>();
  request->commands = std::move(commands);
  request->kind = kind;
  std::unique_lock lock(d.mutex);
  if (!d.connected) {
    if (kind == Kind::kRead || d.options.when_down == WhenDown::kHalt) {
      return Error(
          ErrorCode::kUnavailable,
          fmt::format("redis {} down: {}", d.where,
                      kind == Kind::kRead ? "read refused" : "store halted, write refused"));
    }
    if (d.pending_writes >= d.options.max_buffered) {
      return Error(ErrorCode::kUnavailable,
                   fmt::format("redis {} down and {} writes buffered already: write refused",
                               d.where, d.pending_writes));
    }
    request->buffered = true;
  }
  if (kind == Kind::kWrite) ++d.pending_writes;
  if (d.connected && !d.busy && d.queue.empty()) {
    // Nothing is queued or in flight: send on the caller's thread and skip two thread hand-offs.
    // Order is kept: a later caller finds `busy` set and queues behind this pipeline.
    d.busy = true;
    lock.unlock();
    std::vector<std::shared_ptr<Request>> batch{request};
    std::vector<std::vector<RedisReply>> answers;
    Status io = d.send(batch, answers);
    lock.lock();
    d.settle(batch, answers, io);
  } else {
    d.queue.push_back(request);
    d.wake.notify_one();
  }
  // The I/O thread answers within command_timeout while connected; the margin covers queueing.
  // A write that ends up buffered returns at once: it is queued, not acknowledged.
  const auto deadline = d.options.command_timeout + d.options.connect_timeout;
  d.idle.wait_for(lock, deadline, [&] { return request->done || request->buffered; });
  if (request->done) return std::move(*request->result);
  if (request->buffered) {
    return Error(ErrorCode::kUnavailable,
                 fmt::format("redis {} down: write buffered ({} queued), not yet acknowledged; "
                             "it lands on reconnect",
                             d.where, d.pending_writes));
  }
  return Error(ErrorCode::kUnavailable,
               fmt::format("redis {}: no reply within {} ms; {}", d.where, deadline.count(),
                           kind == Kind::kWrite && d.options.when_down == WhenDown::kBuffer
                               ? "the write stays queued and lands on reconnect"
                               : "outcome unknown"));
}

Result<std::vector<std::string>> RedisClient::load_scripts(std::span<const std::string> bodies) {
  std::vector<RedisCommand> loads;
  loads.reserve(bodies.size());
  for (const std::string& body : bodies) loads.push_back({"SCRIPT", "LOAD", body});
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> rs, execute(std::move(loads), Kind::kRead));
  std::vector<std::string> shas;
  std::lock_guard lock(impl_->scripts_mutex);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    if (rs[i].type != RedisReply::Type::kString) {
      return Error(ErrorCode::kIo,
                   fmt::format("redis {}: SCRIPT LOAD: {}", impl_->where, rs[i].str));
    }
    impl_->scripts[rs[i].str] = bodies[i];
    shas.push_back(rs[i].str);
  }
  return shas;
}

Status RedisClient::wait_connected(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  if (!impl_->idle.wait_for(lock, timeout, [&] { return impl_->connected; })) {
    return Error(ErrorCode::kTimeout, fmt::format("redis {}: not reconnected within {} ms",
                                                  impl_->where, timeout.count()));
  }
  return ok_status();
}

Result<RedisReply> RedisClient::command(RedisCommand command, Kind kind) {
  std::vector<RedisCommand> one;
  one.push_back(std::move(command));
  OMEGA_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, execute(std::move(one), kind));
  return std::move(replies.front());
}

Status RedisClient::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  if (!impl_->idle.wait_for(lock, timeout, [&] { return impl_->pending_writes == 0; })) {
    return Error(ErrorCode::kTimeout,
                 fmt::format("redis {}: {} writes still unsent after {} ms", impl_->where,
                             impl_->pending_writes, timeout.count()));
  }
  return ok_status();
}

StoreHealth RedisClient::health() const {
  std::lock_guard lock(impl_->mutex);
  StoreHealth h;
  h.connected = impl_->connected;
  h.when_down = impl_->options.when_down;
  h.buffered_writes = impl_->pending_writes;
  h.reconnects = impl_->reconnects;
  if (h.connected) {
    h.message = fmt::format("redis {}: connected", impl_->where);
  } else if (h.when_down == WhenDown::kHalt) {
    h.message = fmt::format("redis {} down: trading halted until it is back", impl_->where);
  } else {
    h.message = fmt::format("redis {} down: buffering writes ({} queued), trading continues",
                            impl_->where, h.buffered_writes);
  }
  return h;
}

const RedisOptions& RedisClient::options() const {
  return impl_->options;
}

}  // namespace omega::store
