#include "chat/discord/client/gateway_client.hpp"

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include "chat/discord/client/tls.hpp"
#include "chat/discord/client/ws_connection.hpp"
#include "core/log.hpp"

namespace omega::chat::discord {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

template <class Stream>
class WsConn final : public detail::WsConnection,
                     public std::enable_shared_from_this<WsConn<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  WsConn(net::io_context& ioc, Url url, detail::WsEvents events, Args&&... args)
      : resolver_(ioc),
        ws_(ioc, std::forward<Args>(args)...),
        url_(std::move(url)),
        events_(std::move(events)) {}

  void run() override {
    auto self = this->shared_from_this();
    resolver_.async_resolve(
        url_.host, url_.port, [self](beast::error_code ec, tcp::resolver::results_type results) {
          if (ec) return self->fail(fmt::format("resolving {}: {}", self->url_.host, ec.message()));
          beast::get_lowest_layer(self->ws_).expires_after(std::chrono::seconds(10));
          beast::get_lowest_layer(self->ws_).async_connect(
              results, [self](beast::error_code ec2, const tcp::endpoint&) {
                if (ec2) {
                  return self->fail(fmt::format("connecting to {}:{}: {}", self->url_.host,
                                                self->url_.port, ec2.message()));
                }
                self->on_connected();
              });
        });
  }

  void write(std::string text) override {
    if (closing_ || reported_) return;
    queue_.push_back(std::move(text));
    if (queue_.size() == 1 && open_) do_write();
  }

  void close(std::uint16_t code) override {
    if (closing_ || reported_) return;
    closing_ = true;
    if (!open_) return abort();
    auto self = this->shared_from_this();
    websocket::close_reason why;
    why.code = code;
    ws_.async_close(why, [self](beast::error_code) {
      self->teardown();
      self->report(std::nullopt);
    });
  }

  void abort() override {
    teardown();
    report(std::nullopt);
  }

 private:
  void on_connected() {
    if constexpr (kTls) {
      if (!expect_server(ws_.next_layer().native_handle(), url_.host)) {
        return fail(fmt::format("TLS: OpenSSL refused the server name {}", url_.host));
      }
      auto self = this->shared_from_this();
      ws_.next_layer().async_handshake(ssl::stream_base::client, [self](beast::error_code ec) {
        if (ec) {
          return self->fail(tls_failure(self->url_.host, self->url_.port, ec.message(),
                                        self->ws_.next_layer().native_handle()));
        }
        self->handshake();
      });
    } else {
      handshake();
    }
  }

  void handshake() {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::user_agent, "DiscordBot (https://github.com/omega, 0.1)");
    }));
    ws_.read_message_max(16U * 1024U * 1024U);
    auto self = this->shared_from_this();
    ws_.async_handshake(url_.host + ":" + url_.port, url_.target, [self](beast::error_code ec) {
      if (ec) return self->fail("WebSocket upgrade: " + ec.message());
      self->open_ = true;
      if (self->events_.on_open) self->events_.on_open();
      if (!self->queue_.empty()) self->do_write();
      self->do_read();
    });
  }

  void do_read() {
    auto self = this->shared_from_this();
    ws_.async_read(buffer_, [self](beast::error_code ec, std::size_t) {
      if (ec) {
        if (ec == websocket::error::closed && !self->closing_) {
          return self->report(static_cast<std::uint16_t>(self->ws_.reason().code));
        }
        if (self->closing_) return;  // our close completes in its own handler
        self->teardown();
        return self->report(std::nullopt);
      }
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (!self->reported_ && self->events_.on_frame) self->events_.on_frame(std::move(text));
      if (!self->reported_) self->do_read();
    });
  }

  void do_write() {
    auto self = this->shared_from_this();
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()), [self](beast::error_code ec, std::size_t) {
      if (ec) return;  // the read side reports the failure
      self->queue_.pop_front();
      if (!self->queue_.empty() && !self->closing_) self->do_write();
    });
  }

  void teardown() {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  void fail(std::string why) {
    if (reported_) return;
    if (events_.on_error) events_.on_error(std::move(why));
    report(std::nullopt);
  }

  void report(std::optional<std::uint16_t> code) {
    if (reported_) return;
    reported_ = true;
    if (events_.on_closed) events_.on_closed(code);
  }

  tcp::resolver resolver_;
  websocket::stream<Stream> ws_;
  Url url_;
  detail::WsEvents events_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool open_ = false;
  bool closing_ = false;
  bool reported_ = false;
};

}  // namespace

std::shared_ptr<detail::WsConnection> detail::make_ws_connection(net::io_context& ioc,
                                                                 ssl::context& ssl_ctx, Url url,
                                                                 WsEvents events) {
  if (url.tls()) {
    return std::make_shared<WsConn<beast::ssl_stream<beast::tcp_stream>>>(
        ioc, std::move(url), std::move(events), ssl_ctx);
  }
  return std::make_shared<WsConn<beast::tcp_stream>>(ioc, std::move(url), std::move(events));
}

struct GatewayClient::Impl {
  Impl(GatewayClientOptions o, DispatchHandler h)
      : options(std::move(o)),
        on_dispatch(std::move(h)),
        work(net::make_work_guard(ioc)),
        timer(ioc),
        session(options.session, [this](const GatewayDispatch& d) {
          if (on_dispatch) on_dispatch(std::string(d.name), d.seq, std::string(d.frame));
        }) {
    ssl_ctx.set_default_verify_paths();
    if (!options.ca_file.empty()) {
      last_error = add_ca_file(ssl_ctx.native_handle(), options.ca_file);
      if (!last_error.empty()) log_error("discord gateway: {}", last_error);
    }
    ssl_ctx.set_verify_mode(ssl::verify_peer);
  }

  std::int64_t now() const {
    if (options.time == TimeMode::kManual) return manual_now;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 epoch)
        .count();
  }

  void execute(const std::vector<GatewayAction>& actions) {
    for (const GatewayAction& a : actions) {
      switch (a.kind) {
        case GatewayAction::Kind::kSend:
          if (conn) conn->write(a.text);
          break;
        case GatewayAction::Kind::kClose:
          if (conn) conn->close(a.code);
          break;
        case GatewayAction::Kind::kConnect:
          connect(a.text);
          break;
        case GatewayAction::Kind::kFatal:
          log_error("discord gateway: {}", a.text);
          break;
      }
    }
    rearm();
    publish();
  }

  void connect(const std::string& url_text) {
    if (conn) conn->abort();
    conn.reset();
    connected = false;
    ++connects;
    last_connect_url = url_text;
    auto url = parse_url(url_text);
    const std::uint64_t gen = ++conn_gen;
    if (!url.ok()) {
      log_warn("discord gateway: {}", url.error().message());
      net::post(ioc, [this, gen] { on_conn_closed(gen, std::nullopt); });
      return;
    }
    detail::WsEvents ev;
    ev.on_open = [this, gen] {
      if (gen != conn_gen) return;
      connected = true;
      session.on_open(now());
      publish();
    };
    ev.on_frame = [this, gen](const std::string& text) {
      if (gen != conn_gen) return;
      execute(session.on_frame(text, now()));
    };
    ev.on_closed = [this, gen](std::optional<std::uint16_t> code) { on_conn_closed(gen, code); };
    ev.on_error = [this, gen](std::string why) {
      if (gen != conn_gen) return;
      log_warn("discord gateway: {}", why);
      last_error = std::move(why);
    };
    conn = detail::make_ws_connection(ioc, ssl_ctx, *url, std::move(ev));
    conn->run();
  }

  void on_conn_closed(std::uint64_t gen, std::optional<std::uint16_t> code) {
    if (gen != conn_gen) return;
    conn.reset();
    connected = false;
    if (stopping) {
      finish_stop();
      publish();
      return;
    }
    execute(session.on_closed(code, now()));
  }

  void rearm() {
    if (options.time == TimeMode::kManual) return;
    const auto at = session.next_deadline_ms();
    const std::uint64_t gen = ++timer_gen;
    if (!at) {
      timer.cancel();
      return;
    }
    timer.expires_at(epoch + std::chrono::milliseconds(*at));
    timer.async_wait([this, gen](beast::error_code ec) {
      if (ec || gen != timer_gen || stopping) return;
      execute(session.on_tick(now()));
    });
  }

  void publish() {
    std::lock_guard lock(mu);
    snap.connected = connected;
    snap.ready = session.ready() && connected;
    snap.stopped = session.stopped();
    snap.fatal_error = session.fatal_error();
    snap.session_id = session.session_id();
    snap.resume_url = session.resume_url();
    snap.seq = session.sequence();
    snap.user_id = session.user_id();
    snap.application_id = session.application_id();
    snap.last_connect_url = last_connect_url;
    snap.last_error = last_error;
    snap.connects = connects;
    snap.heartbeat_interval_ms = session.heartbeat_interval_ms();
    snap.stats = session.stats();
    cv.notify_all();
  }

  void finish_stop() {
    if (stop_done_set) return;
    stop_done_set = true;
    stop_done.set_value();
  }

  // Runs `fn` on the I/O thread and waits for it.
  void run_sync(std::function<void()> fn) {
    if (!thread.joinable()) return;
    std::promise<void> done;
    auto f = done.get_future();
    net::post(ioc, [&] {
      fn();
      done.set_value();
    });
    f.wait();
  }

  GatewayClientOptions options;
  DispatchHandler on_dispatch;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work;
  ssl::context ssl_ctx{ssl::context::tls_client};
  net::steady_timer timer;
  GatewaySession session;
  std::chrono::steady_clock::time_point epoch = std::chrono::steady_clock::now();
  std::int64_t manual_now = 1'000'000;
  std::shared_ptr<detail::WsConnection> conn;
  std::uint64_t conn_gen = 0;
  std::uint64_t timer_gen = 0;
  bool connected = false;
  std::size_t connects = 0;
  std::string last_connect_url;
  std::string last_error;
  bool stopping = false;
  std::promise<void> stop_done;
  bool stop_done_set = false;
  std::thread thread;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  GatewaySnapshot snap;
};

GatewayClient::GatewayClient(GatewayClientOptions options, DispatchHandler on_dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_dispatch))) {}

GatewayClient::~GatewayClient() {
  stop();
}

void GatewayClient::start(std::string gateway_url) {
  if (impl_->thread.joinable()) return;
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  net::post(impl_->ioc, [this, url = std::move(gateway_url)]() mutable {
    impl_->execute(impl_->session.start(std::move(url), impl_->now()));
  });
}

void GatewayClient::stop() {
  Impl& m = *impl_;
  if (!m.thread.joinable()) return;
  auto done = m.stop_done.get_future();
  net::post(m.ioc, [&m] {
    m.stopping = true;
    m.timer.cancel();
    m.execute(m.session.stop());
    if (!m.conn) m.finish_stop();
  });
  if (done.wait_for(std::chrono::seconds(3)) != std::future_status::ready) {
    net::post(m.ioc, [&m] {
      if (m.conn) m.conn->abort();
    });
  }
  m.work.reset();
  m.ioc.stop();
  m.thread.join();
  m.publish();
}

void GatewayClient::advance(std::chrono::milliseconds by) {
  Impl& m = *impl_;
  OMEGA_ASSERT(m.options.time == TimeMode::kManual, "advance() needs TimeMode::kManual");
  m.run_sync([&m, by] {
    const std::int64_t target = m.manual_now + by.count();
    for (int guard = 0; guard < 100'000; ++guard) {
      const auto at = m.session.next_deadline_ms();
      if (!at || *at > target) break;
      m.manual_now = std::max(m.manual_now, *at);
      m.execute(m.session.on_tick(m.manual_now));
    }
    m.manual_now = target;
    m.publish();
  });
}

Status GatewayClient::send_payload(std::string json) {
  Status result;
  Impl& m = *impl_;
  if (!m.thread.joinable()) return m.session.queue_payload(std::move(json));
  m.run_sync([&] {
    result = m.session.queue_payload(std::move(json));
    if (result.ok()) m.execute(m.session.on_tick(m.now()));
  });
  return result;
}

GatewaySnapshot GatewayClient::snapshot() const {
  std::lock_guard lock(impl_->mu);
  return impl_->snap;
}

bool GatewayClient::wait_for(const std::function<bool(const GatewaySnapshot&)>& pred,
                             std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return pred(impl_->snap); });
}

}  // namespace omega::chat::discord
