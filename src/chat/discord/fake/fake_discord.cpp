#include "chat/discord/fake/fake_discord.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <fmt/format.h>
// simdjson is heavy; it stays in this translation unit.
#include <simdjson.h>

#include "chat/discord/application_commands.hpp"
#include "chat/discord/payload_json.hpp"

namespace omega::chat::discord::fake {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace dom = simdjson::dom;
using tcp = net::ip::tcp;

constexpr std::uint32_t kPrivilegedIntents = (1U << 1U) | (1U << 8U) | (1U << 15U);
constexpr std::uint32_t kKnownIntents = (1U << 26U) - 1U;
constexpr std::uint32_t kGuildsIntent = 1U << 0U;
constexpr std::uint32_t kGuildMessagesIntent = 1U << 9U;
constexpr std::uint32_t kDirectMessagesIntent = 1U << 12U;
constexpr std::uint32_t kMessageContentIntent = 1U << 15U;

std::string str_at(dom::element e, std::string_view key) {
  std::string_view v;
  if (e[key].get_string().get(v) != simdjson::SUCCESS) return {};
  return std::string(v);
}

// The string at `key`, or "" when it is absent or not a string.
std::string_view view_at(dom::element e, std::string_view key) {
  std::string_view v;
  return e[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view();
}

// The integer at `key`, or `fallback` when it is absent or not an integer.
std::int64_t int_at(dom::element e, std::string_view key, std::int64_t fallback) {
  std::int64_t v = 0;
  return e[key].get_int64().get(v) == simdjson::SUCCESS ? v : fallback;
}

std::string error_json(std::string_view message, int code) {
  JsonWriter w;
  w.begin_object().key("message").value(message).key("code").value(code).end_object();
  return std::move(w).take();
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const std::size_t j = path.find('/', i);
    out.emplace_back(path.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j;
  }
  return out;
}

std::string redact_auth(std::string_view auth) {
  if (auth.empty()) return {};
  const std::string_view tail = auth.size() > 4 ? auth.substr(auth.size() - 4) : auth;
  return fmt::format("Bot ***{}", tail);
}

struct Conn;

struct Session {
  std::string id;
  std::int64_t seq = 0;
  std::int64_t delivered = 0;  // last s sent on the attached connection
  std::uint32_t intents = 0;
  std::deque<std::pair<std::int64_t, std::string>> buffer;  // (s, frame)
  std::size_t conn = 0;                                     // 0 = detached
  std::int64_t detached_at_ms = 0;
};

struct Interaction {
  InteractionRecord rec;
  std::int64_t created_ms = 0;
  std::string channel_id;
};

struct Block {
  bool global = false;
  std::string method;
  std::string prefix;
  std::int64_t until_ms = 0;
};

}  // namespace

struct FakeDiscord::Impl : std::enable_shared_from_this<FakeDiscord::Impl> {
  explicit Impl(FakeDiscordConfig c)
      : config(std::move(c)),
        work(net::make_work_guard(ioc)),
        acceptor(ioc),
        resume_acceptor(ioc) {}

  // --- lifecycle ---------------------------------------------------------------------------
  void start();
  void stop();
  std::int64_t now() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 epoch)
        .count();
  }
  void changed() {
    {
      std::lock_guard lock(cv_mu);
      ++version;
    }
    cv.notify_all();
  }
  template <class Fn>
  auto run_sync(Fn fn) -> decltype(fn()) {
    using R = decltype(fn());
    std::promise<R> p;
    auto f = p.get_future();
    net::post(ioc, [&] {
      if constexpr (std::is_void_v<R>) {
        fn();
        p.set_value();
      } else {
        p.set_value(fn());
      }
    });
    return f.get();
  }

  // --- gateway -----------------------------------------------------------------------------
  void accept(tcp::acceptor& a, bool resume_listener);
  void accept_tls(tcp::acceptor& a, std::uint16_t plain_port);
  std::string http_url(std::uint16_t p) const {
    return tls ? fmt::format("https://{}:{}", config.tls_host, p)
               : fmt::format("http://127.0.0.1:{}", p);
  }
  std::string ws_url(std::uint16_t p) const {
    return tls ? fmt::format("wss://{}:{}", config.tls_host, p)
               : fmt::format("ws://127.0.0.1:{}", p);
  }
  void on_ws_open(const std::shared_ptr<Conn>& c);
  void on_ws_frame(const std::shared_ptr<Conn>& c, const std::string& text, bool is_text);
  void on_ws_closed(const std::shared_ptr<Conn>& c, std::optional<std::uint16_t> client_code);
  void send_frame(const std::shared_ptr<Conn>& c, std::string text);
  void close_conn(const std::shared_ptr<Conn>& c, std::uint16_t code,
                  const std::string& reason = {});
  void drop_conn(const std::shared_ptr<Conn>& c);
  void record_frame(std::size_t conn, bool inbound, const std::string& text);
  void arm_heartbeat_deadline(const std::shared_ptr<Conn>& c);
  void on_identify(const std::shared_ptr<Conn>& c, dom::element d);
  void on_resume(const std::shared_ptr<Conn>& c, dom::element d);
  void dispatch(const std::string& event, const std::function<std::string(const Session&)>& d);
  std::shared_ptr<Conn> current_conn();
  std::string ready_json(const Session& s) const;
  std::string guild_create_json() const;
  std::string message_json(const std::string& id, const std::string& channel_id,
                           const std::string& author_id, const std::string& username, bool bot,
                           const std::string& content, bool dm, bool blank_content) const;

  // --- REST --------------------------------------------------------------------------------
  http::response<http::string_body> handle_rest(const http::request<http::string_body>& req);
  std::pair<int, std::string> route(RestCall& call, const std::string& body,
                                    std::vector<std::pair<std::string, std::string>>& headers);
  std::pair<int, std::string> create_message(const std::string& channel_id, RestCall& call,
                                             const std::string& body,
                                             std::vector<std::pair<std::string, std::string>>& h);
  std::pair<int, std::string> interaction_callback(const std::string& iid, const std::string& token,
                                                   RestCall& call, const std::string& body);
  std::pair<int, std::string> webhook(const std::vector<std::string>& parts, RestCall& call,
                                      const std::string& body);
  std::string next_snowflake() { return std::to_string(++snowflake); }
  std::string inject_message_now(const std::string& channel_id, const std::string& author_id,
                                 const std::string& content, bool author_is_bot);
  InteractionHandle inject_interaction_now(const SlashSpec& spec);
  std::pair<int, std::string> control_locked(const std::string& method, const std::string& path,
                                             const std::string& body);
  bool registered(const std::string& command) const;
  int option_type(const SlashSpec& spec, const std::string& option) const;

  FakeDiscordConfig config;
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work;
  tcp::acceptor acceptor;
  tcp::acceptor resume_acceptor;
  // TLS: the public listeners; `acceptor` and `resume_acceptor` then sit behind them.
  std::optional<net::ssl::context> tls;
  tcp::acceptor tls_acceptor{ioc};
  tcp::acceptor tls_resume_acceptor{ioc};
  std::vector<TlsHandshakeRecord> tls_log;
  std::thread thread;
  std::chrono::steady_clock::time_point epoch = std::chrono::steady_clock::now();

  // state (I/O thread only)
  std::map<std::size_t, std::shared_ptr<Conn>> conns;
  std::size_t next_conn = 0;
  std::map<std::string, Session> sessions;
  std::size_t session_counter = 0;
  bool withhold_acks = false;
  bool paused = false;
  std::uint64_t snowflake = 1300000000000000000ULL;
  std::size_t identifies = 0;
  std::size_t resumes = 0;
  std::map<std::string, std::string> dm_channels;  // user -> channel
  std::set<std::string> dms_closed;
  std::map<std::string, Interaction> interactions;  // by id
  std::string commands_body;
  std::vector<Scripted429> scripts;
  std::vector<Block> blocks;
  std::deque<std::int64_t> global_times;
  std::map<std::string, std::pair<int, std::int64_t>> buckets;  // channel -> (remaining, reset)
  std::size_t early = 0;
  std::size_t invalid = 0;
  std::size_t unimplemented = 0;
  int session_starts_remaining = 1000;

  // records (I/O thread writes; readers go through run_sync)
  std::vector<RestCall> calls;
  std::vector<GatewayFrameRecord> frame_log;
  std::vector<GatewayConnRecord> conn_log;
  std::vector<MessageRecord> message_log;

  mutable std::mutex cv_mu;
  mutable std::condition_variable cv;
  std::uint64_t version = 0;
};

namespace {

// One gateway connection (server side).
struct Conn : std::enable_shared_from_this<Conn> {
  Conn(tcp::socket socket, std::size_t conn_id, bool resume)
      : ws(std::move(socket)), timer(ws.get_executor()), id(conn_id), resume_listener(resume) {}

  websocket::stream<beast::tcp_stream> ws;
  net::steady_timer timer;
  std::size_t id;
  bool resume_listener;
  beast::flat_buffer buffer;
  std::deque<std::string> queue;
  bool writing = false;
  bool closing = false;
  bool closed = false;
  bool identified = false;
  std::string session;
  std::deque<std::int64_t> times;
  std::weak_ptr<FakeDiscord::Impl> owner;
};

// One HTTP connection: REST requests, or an upgrade to the gateway.
struct HttpConn : std::enable_shared_from_this<HttpConn> {
  HttpConn(tcp::socket s, std::shared_ptr<FakeDiscord::Impl> o, bool resume)
      : stream(std::move(s)), owner(std::move(o)), resume_listener(resume) {}

  void read() {
    parser.emplace();
    parser->body_limit(std::uint64_t{30} * 1024U * 1024U);
    auto self = shared_from_this();
    http::async_read(stream, buffer, *parser, [self](beast::error_code ec, std::size_t) {
      if (ec) return;
      auto req = self->parser->release();
      if (websocket::is_upgrade(req)) return self->upgrade(req);
      auto res = std::make_shared<http::response<http::string_body>>(self->owner->handle_rest(req));
      res->keep_alive(req.keep_alive());
      res->prepare_payload();
      http::async_write(self->stream, *res, [self, res](beast::error_code ec2, std::size_t) {
        if (ec2 || !res->keep_alive()) {
          beast::error_code ignored;
          self->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
          return;
        }
        self->read();
      });
    });
  }

  void upgrade(const http::request<http::string_body>& req);

  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::optional<http::request_parser<http::string_body>> parser;
  std::shared_ptr<FakeDiscord::Impl> owner;
  bool resume_listener;
};

void read_ws(const std::shared_ptr<Conn>& c, const std::shared_ptr<FakeDiscord::Impl>& owner) {
  c->ws.async_read(c->buffer, [c, owner](beast::error_code ec, std::size_t) {
    if (ec) {
      std::optional<std::uint16_t> code;
      if (ec == websocket::error::closed) code = static_cast<std::uint16_t>(c->ws.reason().code);
      owner->on_ws_closed(c, code);
      return;
    }
    std::string text = beast::buffers_to_string(c->buffer.data());
    c->buffer.consume(c->buffer.size());
    const bool is_text = c->ws.got_text();
    owner->on_ws_frame(c, text, is_text);
    if (!c->closed) read_ws(c, owner);
  });
}

void HttpConn::upgrade(const http::request<http::string_body>& req) {
  auto c = std::make_shared<Conn>(stream.release_socket(), ++owner->next_conn, resume_listener);
  owner->conns[c->id] = c;
  GatewayConnRecord rec;
  rec.id = c->id;
  rec.resume_listener = resume_listener;
  rec.target = std::string(req.target());
  owner->conn_log.push_back(rec);
  c->ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(30),
                                                   websocket::stream_base::none(), false});
  c->ws.read_message_max(1U << 20U);
  auto o = owner;
  c->ws.async_accept(req, [c, o, target = std::string(req.target())](beast::error_code ec) {
    if (ec) {
      o->on_ws_closed(c, std::nullopt);
      return;
    }
    // v=10 (9 tolerated) and encoding=json are what the fake speaks.
    const bool v_ok =
        target.find("v=10") != std::string::npos || target.find("v=9") != std::string::npos;
    if (!v_ok) {
      o->close_conn(c, 4012, "Invalid API version");
    } else if (target.find("encoding=") != std::string::npos &&
               target.find("encoding=json") == std::string::npos) {
      o->close_conn(c, 4002, "Decode error: only encoding=json");
    } else {
      o->on_ws_open(c);
    }
    read_ws(c, o);
  });
}

}  // namespace

namespace {

// One connection on a TLS listener: the server handshake (recording the SNI the client sent),
// then the bytes relayed both ways to the plain listener behind it, so REST and the gateway
// behave exactly as on plain connections. Either side closing closes both.
struct TlsRelay : std::enable_shared_from_this<TlsRelay> {
  TlsRelay(tcp::socket s, net::ssl::context& ctx, std::shared_ptr<FakeDiscord::Impl> o,
           std::uint16_t port)
      : tls(std::move(s), ctx), inner(tls.get_executor()), owner(std::move(o)), plain_port(port) {}

  void start() {
    auto self = shared_from_this();
    tls.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
      TlsHandshakeRecord rec;
      rec.ok = !ec;
      const char* sni = SSL_get_servername(self->tls.native_handle(), TLSEXT_NAMETYPE_host_name);
      rec.server_name = sni != nullptr ? sni : "";
      if (ec) rec.error = ec.message();
      self->owner->tls_log.push_back(rec);
      self->owner->changed();
      if (ec) return self->close();
      self->inner.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), self->plain_port),
                                [self](beast::error_code ec2) {
                                  if (ec2) return self->close();
                                  self->client_to_server();
                                  self->server_to_client();
                                });
    });
  }

  void client_to_server() {
    auto self = shared_from_this();
    tls.async_read_some(net::buffer(up), [self](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      net::async_write(self->inner, net::buffer(self->up.data(), n),
                       [self](beast::error_code ec2, std::size_t) {
                         if (ec2) return self->close();
                         self->client_to_server();
                       });
    });
  }

  void server_to_client() {
    auto self = shared_from_this();
    inner.async_read_some(net::buffer(down), [self](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();  // the fake closed or dropped: so does the TLS side
      net::async_write(self->tls, net::buffer(self->down.data(), n),
                       [self](beast::error_code ec2, std::size_t) {
                         if (ec2) return self->close();
                         self->server_to_client();
                       });
    });
  }

  void close() {
    if (closed) return;
    closed = true;
    beast::error_code ignored;
    inner.close(ignored);
    tls.lowest_layer().close(ignored);
  }

  net::ssl::stream<tcp::socket> tls;
  tcp::socket inner;
  std::shared_ptr<FakeDiscord::Impl> owner;
  std::uint16_t plain_port;
  std::array<char, 16384> up{};
  std::array<char, 16384> down{};
  bool closed = false;
};

}  // namespace

void FakeDiscord::Impl::accept_tls(tcp::acceptor& a, std::uint16_t plain_port) {
  auto self = shared_from_this();
  a.async_accept([self, &a, plain_port](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    std::make_shared<TlsRelay>(std::move(socket), *self->tls, self, plain_port)->start();
    self->accept_tls(a, plain_port);
  });
}

void FakeDiscord::Impl::accept(tcp::acceptor& a, bool resume_listener) {
  auto self = shared_from_this();
  a.async_accept([self, &a, resume_listener](beast::error_code ec, tcp::socket socket) {
    if (ec) return;
    std::make_shared<HttpConn>(std::move(socket), self, resume_listener)->read();
    self->accept(a, resume_listener);
  });
}

void FakeDiscord::Impl::start() {
  auto open = [](tcp::acceptor& a, std::uint16_t port) {
    const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
    a.open(ep.protocol());
    a.set_option(net::socket_base::reuse_address(true));
    a.bind(ep);
    a.listen();
  };
  if (!config.tls_cert_file.empty() || !config.tls_key_file.empty()) {
    tls.emplace(net::ssl::context::tls_server);
    beast::error_code ec;
    tls->use_certificate_chain_file(config.tls_cert_file, ec);
    if (ec) {
      throw std::runtime_error(fmt::format("fake discord: cannot load the TLS certificate {}: {}",
                                           config.tls_cert_file, ec.message()));
    }
    tls->use_private_key_file(config.tls_key_file, net::ssl::context::pem, ec);
    if (ec) {
      throw std::runtime_error(fmt::format("fake discord: cannot load the TLS key {}: {}",
                                           config.tls_key_file, ec.message()));
    }
    // The public ports speak TLS; the plain listeners behind them take ephemeral ports.
    open(tls_acceptor, config.port);
    open(tls_resume_acceptor, config.resume_port);
    open(acceptor, 0);
    open(resume_acceptor, 0);
    config.port = tls_acceptor.local_endpoint().port();
    config.resume_port = tls_resume_acceptor.local_endpoint().port();
    accept_tls(tls_acceptor, acceptor.local_endpoint().port());
    accept_tls(tls_resume_acceptor, resume_acceptor.local_endpoint().port());
  } else {
    open(acceptor, config.port);
    open(resume_acceptor, config.resume_port);
    config.port = acceptor.local_endpoint().port();
    config.resume_port = resume_acceptor.local_endpoint().port();
  }
  accept(acceptor, false);
  accept(resume_acceptor, true);
  thread = std::thread([this] { ioc.run(); });
}

void FakeDiscord::Impl::stop() {
  if (!thread.joinable()) return;
  net::post(ioc, [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
    resume_acceptor.close(ignored);
    tls_acceptor.close(ignored);
    tls_resume_acceptor.close(ignored);
    for (auto& [id, c] : conns) {
      c->closed = true;
      c->timer.cancel();
      beast::get_lowest_layer(c->ws).socket().close(ignored);
    }
    conns.clear();
  });
  work.reset();
  // Let the closes run, then stop whatever is left (idle keep-alive HTTP connections).
  net::post(ioc, [this] { ioc.stop(); });
  thread.join();
}

void FakeDiscord::Impl::record_frame(std::size_t conn, bool inbound, const std::string& text) {
  GatewayFrameRecord r;
  r.conn = conn;
  r.inbound = inbound;
  r.t_ms = now();
  r.text = text;
  dom::parser parser;
  dom::element root;
  if (parser.parse(text).get(root) == simdjson::SUCCESS) {
    std::int64_t op = -1;
    if (root["op"].get_int64().get(op) == simdjson::SUCCESS) r.op = static_cast<int>(op);
    r.t = str_at(root, "t");
    std::int64_t s = 0;
    if (root["s"].get_int64().get(s) == simdjson::SUCCESS) r.s = s;
  }
  frame_log.push_back(std::move(r));
  changed();
}

void FakeDiscord::Impl::send_frame(const std::shared_ptr<Conn>& c, std::string text) {
  if (c->closed || c->closing) return;
  record_frame(c->id, false, text);
  c->queue.push_back(std::move(text));
  if (c->writing) return;
  std::function<void()> pump;
  auto self = shared_from_this();
  c->writing = true;
  struct Pump {
    static void go(const std::shared_ptr<Conn>& c) {
      if (c->queue.empty() || c->closed) {
        c->writing = false;
        return;
      }
      c->ws.text(true);
      c->ws.async_write(net::buffer(c->queue.front()), [c](beast::error_code ec, std::size_t) {
        if (ec) {
          c->writing = false;
          return;
        }
        c->queue.pop_front();
        go(c);
      });
    }
  };
  Pump::go(c);
}

void FakeDiscord::Impl::close_conn(const std::shared_ptr<Conn>& c, std::uint16_t code,
                                   const std::string& reason) {
  if (c->closed || c->closing) return;
  c->closing = true;
  c->timer.cancel();
  for (auto& r : conn_log) {
    if (r.id == c->id && !r.close_code) {
      r.close_code = code;
      r.closed_by_client = false;
    }
  }
  changed();
  auto self = shared_from_this();
  websocket::close_reason why;
  why.code = code;
  why.reason = reason;
  c->ws.async_close(why, [c, self](beast::error_code) {
    beast::error_code ignored;
    beast::get_lowest_layer(c->ws).socket().close(ignored);
  });
}

void FakeDiscord::Impl::drop_conn(const std::shared_ptr<Conn>& c) {
  if (c->closed) return;
  beast::error_code ignored;
  c->timer.cancel();
  c->closing = true;
  beast::get_lowest_layer(c->ws).socket().close(ignored);
}

void FakeDiscord::Impl::arm_heartbeat_deadline(const std::shared_ptr<Conn>& c) {
  c->timer.expires_after(std::chrono::milliseconds(static_cast<std::int64_t>(
      static_cast<double>(config.heartbeat_interval_ms) * config.heartbeat_grace)));
  auto self = shared_from_this();
  c->timer.async_wait([c, self](beast::error_code ec) {
    if (ec || c->closed) return;
    self->drop_conn(c);  // no heartbeat in time: the TCP connection goes, the session stays
  });
}

void FakeDiscord::Impl::on_ws_open(const std::shared_ptr<Conn>& c) {
  send_frame(
      c,
      fmt::format(
          R"({{"t":null,"s":null,"op":10,"d":{{"heartbeat_interval":{},"_trace":["[\"fake-gateway\",{{\"micros\":0.0}}]"]}}}})",
          config.heartbeat_interval_ms));
  arm_heartbeat_deadline(c);
}

void FakeDiscord::Impl::on_ws_closed(const std::shared_ptr<Conn>& c,
                                     std::optional<std::uint16_t> client_code) {
  if (c->closed) return;
  const bool server_closed = c->closing;
  c->closed = true;
  c->timer.cancel();
  conns.erase(c->id);
  for (auto& r : conn_log) {
    if (r.id != c->id) continue;
    r.open = false;
    if (!r.close_code && client_code && !server_closed) {
      r.close_code = client_code;
      r.closed_by_client = true;
    }
  }
  if (!c->session.empty()) {
    auto it = sessions.find(c->session);
    if (it != sessions.end() && it->second.conn == c->id) {
      // A client close with 1000/1001 ends the session; anything else keeps it resumable.
      if (!server_closed && client_code && (*client_code == 1000 || *client_code == 1001)) {
        sessions.erase(it);
      } else {
        it->second.conn = 0;
        it->second.detached_at_ms = now();
      }
    }
  }
  beast::error_code ignored;
  beast::get_lowest_layer(c->ws).socket().close(ignored);
  changed();
}

std::shared_ptr<Conn> FakeDiscord::Impl::current_conn() {
  std::shared_ptr<Conn> best;
  for (auto& [id, c] : conns) {
    if (!c->closed && !c->closing) best = c;  // the newest open connection
  }
  return best;
}

void FakeDiscord::Impl::on_ws_frame(const std::shared_ptr<Conn>& c, const std::string& text,
                                    bool is_text) {
  record_frame(c->id, true, text);
  if (c->closing) return;
  if (!is_text || text.size() > 4096) return close_conn(c, 4002, "Decode error");
  const std::int64_t t = now();
  c->times.push_back(t);
  while (!c->times.empty() && c->times.front() <= t - 60'000) c->times.pop_front();
  if (c->times.size() > config.gateway_send_limit) return close_conn(c, 4008, "Rate limited.");
  dom::parser parser;
  dom::element root;
  std::int64_t op = -1;
  if (parser.parse(text).get(root) != simdjson::SUCCESS ||
      root["op"].get_int64().get(op) != simdjson::SUCCESS) {
    return close_conn(c, 4002, "Decode error");
  }
  if (op != 1 && op != 2 && op != 3 && op != 4 && op != 6 && op != 8) {
    return close_conn(c, 4001, "Unknown opcode");
  }
  if (!c->identified && op != 1 && op != 2 && op != 6) {
    return close_conn(c, 4003, "Not authenticated.");
  }
  dom::element d = root["d"];
  switch (op) {
    case 1:
      arm_heartbeat_deadline(c);
      if (!withhold_acks) send_frame(c, R"({"t":null,"s":null,"op":11,"d":null})");
      return;
    case 2:
      return on_identify(c, d);
    case 6:
      return on_resume(c, d);
    default:
      return;  // presence, voice state, request members: accepted and recorded
  }
}

void FakeDiscord::Impl::on_identify(const std::shared_ptr<Conn>& c, dom::element d) {
  if (c->identified) return close_conn(c, 4005, "Already authenticated.");
  std::string_view token;
  std::int64_t intents = -1;
  dom::element props;
  if (d["token"].get_string().get(token) != simdjson::SUCCESS ||
      d["intents"].get_int64().get(intents) != simdjson::SUCCESS ||
      d["properties"].get(props) != simdjson::SUCCESS) {
    return close_conn(c, 4002, "Decode error");
  }
  if (token != config.token) return close_conn(c, 4004, "Authentication failed.");
  const auto bits = static_cast<std::uint32_t>(intents);
  if (intents < 0 || (bits & ~kKnownIntents) != 0) return close_conn(c, 4013, "Invalid intent(s).");
  if ((bits & kPrivilegedIntents & ~config.enabled_privileged_intents) != 0) {
    return close_conn(c, 4014, "Disallowed intent(s).");
  }
  dom::array shard;
  if (d["shard"].get_array().get(shard) == simdjson::SUCCESS) {
    std::int64_t id = -1;
    std::int64_t num = 0;
    if (shard.at(0).get_int64().get(id) != simdjson::SUCCESS ||
        shard.at(1).get_int64().get(num) != simdjson::SUCCESS || num < 1 || id < 0 || id >= num) {
      return close_conn(c, 4010, "Invalid shard.");
    }
  }
  ++identifies;
  --session_starts_remaining;
  for (auto& r : conn_log) {
    if (r.id == c->id) r.identified = true;
  }
  Session s;
  s.id = fmt::format("{:032x}", 0xfa4ed15c0000ULL + ++session_counter);
  s.intents = bits;
  s.conn = c->id;
  c->identified = true;
  c->session = s.id;
  const std::string sid = s.id;
  sessions[sid] = std::move(s);
  Session& ss = sessions[sid];
  auto emit = [&](const std::string& t, const std::string& dj) {
    const std::int64_t seq = ++ss.seq;
    std::string frame = fmt::format(R"({{"t":"{}","s":{},"op":0,"d":{}}})", t, seq, dj);
    ss.buffer.emplace_back(seq, frame);
    ss.delivered = seq;
    send_frame(c, std::move(frame));
  };
  emit("READY", ready_json(ss));
  if ((bits & kGuildsIntent) != 0) emit("GUILD_CREATE", guild_create_json());
}

void FakeDiscord::Impl::on_resume(const std::shared_ptr<Conn>& c, dom::element d) {
  std::string_view token;
  std::string_view sid;
  std::int64_t seq = 0;
  if (d["token"].get_string().get(token) != simdjson::SUCCESS ||
      d["session_id"].get_string().get(sid) != simdjson::SUCCESS) {
    return close_conn(c, 4002, "Decode error");
  }
  if (d["seq"].get_int64().get(seq) != simdjson::SUCCESS) seq = 0;
  if (token != config.token) return close_conn(c, 4004, "Authentication failed.");
  auto it = sessions.find(std::string(sid));
  if (it != sessions.end() && it->second.conn == 0 &&
      now() - it->second.detached_at_ms > config.session_ttl_ms) {
    sessions.erase(it);
    it = sessions.end();
  }
  if (it == sessions.end()) {
    send_frame(c, R"({"t":null,"s":null,"op":9,"d":false})");
    return;
  }
  Session& s = it->second;
  if (seq > s.seq) return close_conn(c, 4007, "Invalid seq.");
  if (!s.buffer.empty() && seq + 1 < s.buffer.front().first) {
    send_frame(c, R"({"t":null,"s":null,"op":9,"d":false})");
    return;
  }
  // A session lives on one connection: the old one is detached and closed.
  if (s.conn != 0 && s.conn != c->id) {
    if (auto old = conns.find(s.conn); old != conns.end()) {
      old->second->session.clear();
      close_conn(old->second, 4000, "Session resumed elsewhere");
    }
  }
  ++resumes;
  for (auto& r : conn_log) {
    if (r.id == c->id) r.resumed = true;
  }
  s.conn = c->id;
  c->identified = true;
  c->session = s.id;
  for (const auto& [fs, frame] : s.buffer) {
    if (fs > seq) send_frame(c, frame);
  }
  const std::int64_t rs = ++s.seq;
  std::string resumed = fmt::format(R"({{"t":"RESUMED","s":{},"op":0,"d":null}})", rs);
  s.buffer.emplace_back(rs, resumed);
  s.delivered = rs;
  send_frame(c, std::move(resumed));
}

void FakeDiscord::Impl::dispatch(const std::string& event,
                                 const std::function<std::string(const Session&)>& d) {
  for (auto& [id, s] : sessions) {
    std::string dj = d(s);
    if (dj.empty()) continue;  // filtered out by the session's intents
    const std::int64_t seq = ++s.seq;
    std::string frame = fmt::format(R"({{"t":"{}","s":{},"op":0,"d":{}}})", event, seq, dj);
    s.buffer.emplace_back(seq, frame);
    while (s.buffer.size() > config.replay_buffer) s.buffer.pop_front();
    if (s.conn == 0 || paused) continue;
    auto c = conns.find(s.conn);
    if (c == conns.end()) continue;
    s.delivered = seq;
    send_frame(c->second, std::move(frame));
  }
  changed();
}

std::string FakeDiscord::Impl::ready_json(const Session& s) const {
  JsonWriter w;
  w.begin_object().key("v").value(10);
  w.key("user").begin_object().key("id").value(config.bot_user_id);
  w.key("username").value(config.bot_username).key("discriminator").value("0");
  w.key("global_name").null().key("avatar").null().key("bot").value(true);
  w.key("verified").value(true).key("flags").value(0).end_object();
  w.key("session_type").value("normal").key("session_id").value(s.id);
  w.key("resume_gateway_url").value(ws_url(config.resume_port));
  w.key("guilds").begin_array().begin_object().key("unavailable").value(true);
  w.key("id").value(config.guild_id).end_object().end_array();
  w.key("application").begin_object().key("id").value(config.application_id);
  w.key("flags").value(static_cast<std::int64_t>(41975808)).end_object();
  // Undocumented keys the real READY carries; clients must ignore them.
  w.key("user_settings").begin_object().end_object();
  w.key("relationships").begin_array().end_array();
  w.key("private_channels").begin_array().end_array();
  w.key("geo_ordered_rtc_regions").begin_array().value("us-east").end_array();
  w.key("_trace").begin_array().value(R"(["fake-gateway",{"micros":0.0}])").end_array();
  w.end_object();
  return std::move(w).take();
}

std::string FakeDiscord::Impl::guild_create_json() const {
  JsonWriter w;
  w.begin_object().key("id").value(config.guild_id).key("name").value(config.guild_name);
  w.key("unavailable").value(false).key("large").value(false);
  w.key("member_count").value(static_cast<std::int64_t>(config.members.size() + 1));
  w.key("joined_at").value("2024-01-01T00:00:00.000000+00:00");
  w.key("channels").begin_array();
  for (const auto& ch : config.channels) {
    w.begin_object().key("id").value(ch.id).key("type").value(0).key("name").value(ch.name);
    w.end_object();
  }
  w.end_array().key("roles").begin_array().end_array();
  w.key("members").begin_array().begin_object().key("user").begin_object();
  w.key("id").value(config.bot_user_id).key("username").value(config.bot_username);
  w.key("bot").value(true).end_object().key("roles").begin_array().end_array().end_object();
  w.end_array().end_object();
  return std::move(w).take();
}

std::string FakeDiscord::Impl::message_json(const std::string& id, const std::string& channel_id,
                                            const std::string& author_id,
                                            const std::string& username, bool bot,
                                            const std::string& content, bool dm,
                                            bool blank_content) const {
  JsonWriter w;
  w.begin_object().key("id").value(id).key("channel_id").value(channel_id);
  if (!dm) w.key("guild_id").value(config.guild_id);
  w.key("author").begin_object().key("id").value(author_id).key("username").value(username);
  w.key("discriminator").value("0");
  if (bot) w.key("bot").value(true);
  w.end_object();
  if (!dm) {
    w.key("member").begin_object().key("roles").begin_array().end_array();
    w.key("joined_at").value("2024-01-01T00:00:00.000000+00:00").end_object();
  }
  w.key("content").value(blank_content ? std::string() : content);
  w.key("timestamp").value("2026-12-07T00:00:00.000000+00:00");
  w.key("tts").value(false).key("mention_everyone").value(false);
  w.key("mentions").begin_array().end_array();
  w.key("attachments").begin_array().end_array().key("embeds").begin_array().end_array();
  w.key("type").value(0).key("flags").value(0).end_object();
  return std::move(w).take();
}

bool FakeDiscord::Impl::registered(const std::string& command) const {
  return commands_body.find(fmt::format(R"("name":"{}")", command)) != std::string::npos;
}

int FakeDiscord::Impl::option_type(const SlashSpec& spec, const std::string& option) const {
  dom::parser parser;
  dom::array commands;
  if (parser.parse(commands_body).get_array().get(commands) != simdjson::SUCCESS) return 3;
  for (dom::element cmd : commands) {
    if (str_at(cmd, "name") != spec.command) continue;
    dom::array options;
    if (cmd["options"].get_array().get(options) != simdjson::SUCCESS) return 3;
    for (const auto& sub : spec.subcommands) {
      bool found = false;
      for (dom::element o : options) {
        if (str_at(o, "name") == sub &&
            o["options"].get_array().get(options) == simdjson::SUCCESS) {
          found = true;
          break;
        }
      }
      if (!found) return 3;
    }
    for (dom::element o : options) {
      std::int64_t type = 3;
      if (str_at(o, "name") == option && o["type"].get_int64().get(type) == simdjson::SUCCESS) {
        return static_cast<int>(type);
      }
    }
  }
  return 3;
}

// --- REST ------------------------------------------------------------------------------------

http::response<http::string_body> FakeDiscord::Impl::handle_rest(
    const http::request<http::string_body>& req) {
  RestCall call;
  call.seq = calls.size() + 1;
  call.t_ms = now();
  call.method = std::string(req.method_string());
  std::string target(req.target());
  if (const std::size_t q = target.find('?'); q != std::string::npos) {
    call.query = target.substr(q + 1);
    target.resize(q);
  }
  const auto auth_view = req[http::field::authorization];
  call.authorization = redact_auth(std::string_view(auth_view.data(), auth_view.size()));
  call.user_agent = std::string(req[http::field::user_agent]);
  call.content_type = std::string(req[http::field::content_type]);
  std::vector<std::pair<std::string, std::string>> headers;
  int status = 404;
  std::string body;
  const std::string auth(req[http::field::authorization]);

  if (target.rfind("/_fake/", 0) == 0) {
    call.path = target;
    std::tie(status, body) = control_locked(call.method, target, req.body());
  } else if (target.rfind("/api/v10/", 0) != 0 && target.rfind("/api/v9/", 0) != 0) {
    call.path = target;
    status = 404;
    body = error_json("404: Not Found", 0);
    ++unimplemented;
  } else {
    call.path = target.substr(target.find('/', 5));
    call.body = req.body();
    const bool exempt =
        call.path.rfind("/interactions/", 0) == 0 || call.path.rfind("/webhooks/", 0) == 0;
    const bool public_route = call.method == "GET" && call.path == "/gateway";
    const std::int64_t t = now();
    // A request in a bucket (or, for the global limit, any non-exempt one) sent before the
    // retry_after of a 429 it got has passed is "early".
    for (const Block& b : blocks) {
      if (b.until_ms <= t) continue;
      if ((b.global && !exempt) ||
          (!b.global && b.method == call.method && call.path.rfind(b.prefix, 0) == 0)) {
        ++early;
      }
    }
    std::erase_if(blocks, [t](const Block& b) { return b.until_ms <= t - 60'000; });
    auto scripted = std::find_if(scripts.begin(), scripts.end(), [&](const Scripted429& s) {
      return s.count > 0 && s.method == call.method && call.path.rfind(s.path_prefix, 0) == 0;
    });
    while (!global_times.empty() && global_times.front() <= t - 1000) global_times.pop_front();
    if (!exempt && !public_route && auth != "Bot " + config.token) {
      status = 401;
      body = error_json("401: Unauthorized", 0);
    } else if (scripted != scripts.end()) {
      --scripted->count;
      const double ra = scripted->retry_after_s;
      blocks.push_back({scripted->global, call.method, scripted->path_prefix,
                        t + static_cast<std::int64_t>(ra * 1000.0)});
      status = 429;
      body = fmt::format(
          R"({{"message":"You are being rate limited.","retry_after":{:.3f},"global":{}}})", ra,
          scripted->global ? "true" : "false");
      headers.emplace_back("Retry-After", std::to_string(static_cast<int>(std::ceil(ra))));
      headers.emplace_back("X-RateLimit-Scope", scripted->global ? "global" : "user");
      if (scripted->global) {
        headers.emplace_back("X-RateLimit-Global", "true");
      } else {
        headers.emplace_back("X-RateLimit-Limit", "5");
        headers.emplace_back("X-RateLimit-Remaining", "0");
        headers.emplace_back("X-RateLimit-Reset-After", fmt::format("{:.3f}", ra));
        headers.emplace_back("X-RateLimit-Bucket", "scripted");
      }
    } else if (!exempt && static_cast<int>(global_times.size()) >= config.global_limit_per_s) {
      const double ra = static_cast<double>(global_times.front() + 1000 - t) / 1000.0;
      blocks.push_back({true, {}, {}, global_times.front() + 1000});
      status = 429;
      body = fmt::format(
          R"({{"message":"You are being rate limited.","retry_after":{:.3f},"global":true}})", ra);
      headers.emplace_back("Retry-After", std::to_string(static_cast<int>(std::ceil(ra))));
      headers.emplace_back("X-RateLimit-Global", "true");
      headers.emplace_back("X-RateLimit-Scope", "global");
    } else {
      if (!exempt) global_times.push_back(t);
      std::tie(status, body) = route(call, req.body(), headers);
    }
  }
  if (status == 401 || status == 403 || status == 429) ++invalid;
  call.status = status;
  call.response = body;
  calls.push_back(call);
  changed();

  http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
  res.set(http::field::server, "fake-discord");
  res.set(http::field::content_type, "application/json");
  res.set("Via", "1.1 google");
  for (const auto& [k, v] : headers) res.set(k, v);
  res.body() = status == 204 ? std::string() : body;
  return res;
}

namespace {

// Splits a multipart/form-data body (RFC 7578 over RFC 2046) into (name, filename, content
// type, bytes) parts: the boundary parameter quoted or not, a preamble and an epilogue
// ignored, header names case-insensitive, Content-Disposition `form-data` with quoted
// parameters (backslash escapes), bytes taken verbatim between the CRLF and the next
// delimiter. Returns nullopt for anything Discord would refuse as a malformed form.
struct Part {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string data;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Returns the parameters of a header value "type; a=b; c=\"d\"" (keys lower-cased), with the
// value before the first ';' under the key "".
std::map<std::string, std::string> header_params(std::string_view value) {
  std::map<std::string, std::string> out;
  std::size_t i = value.find(';');
  out[""] = lower(trim(value.substr(0, i)));
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    const std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) break;
    const std::string key = lower(trim(value.substr(i, eq - i)));
    std::string v;
    std::size_t j = eq + 1;
    if (j < value.size() && value[j] == '"') {
      for (++j; j < value.size() && value[j] != '"'; ++j) {
        if (value[j] == '\\' && j + 1 < value.size()) ++j;
        v += value[j];
      }
      i = value.find(';', j);
    } else {
      i = value.find(';', j);
      v = std::string(
          trim(value.substr(j, i == std::string_view::npos ? std::string_view::npos : i - j)));
    }
    out[key] = std::move(v);
  }
  return out;
}

std::optional<std::vector<Part>> parse_multipart(std::string_view content_type,
                                                 std::string_view body) {
  auto ct = header_params(content_type);
  const std::string boundary_param = ct["boundary"];
  if (ct[""] != "multipart/form-data" || boundary_param.empty() || boundary_param.size() > 70) {
    return std::nullopt;
  }
  const std::string delimiter = "--" + boundary_param;
  std::vector<Part> parts;
  // The first delimiter starts the body or follows a preamble line.
  std::size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    pos = body.find("\r\n" + delimiter);
    if (pos == std::string_view::npos) return std::nullopt;
    pos += 2;
  }
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the close delimiter; the epilogue is ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;  // padding
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    const std::size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return std::nullopt;
    const std::size_t next = body.find("\r\n" + delimiter, head_end + 4);
    if (next == std::string_view::npos) return std::nullopt;
    Part p;
    bool form_data = false;
    std::string_view head = body.substr(pos, head_end - pos);
    while (!head.empty()) {
      const std::size_t eol = head.find("\r\n");
      const std::string_view line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      const std::string name = lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        auto params = header_params(value);
        form_data = params[""] == "form-data";
        p.name = params["name"];
        p.filename = params["filename"];
      } else if (name == "content-type") {
        p.content_type = std::string(value);
      }
    }
    if (!form_data || p.name.empty()) return std::nullopt;
    p.data = std::string(body.substr(head_end + 4, next - head_end - 4));
    parts.push_back(std::move(p));
    pos = next + 2;
  }
  return parts;
}

// Discord's default upload limit per file (the interaction's attachment_size_limit).
constexpr std::size_t kUploadLimit = std::size_t{10} * 1024U * 1024U;
constexpr std::size_t kMaxFiles = 10;

// Reads a request body: JSON, or multipart with payload_json and files[n]. A multipart body's
// files are kept in `call.uploads`; payload_json's `attachments` must describe uploaded files
// (id n = files[n]); a file over 10 MiB is 413 40005.
std::optional<std::string> read_body(RestCall& call, const std::string& body, int& status,
                                     std::string& error) {
  if (call.content_type.rfind("multipart/form-data", 0) == 0) {
    auto parts = parse_multipart(call.content_type, body);
    if (!parts) {
      status = 400;
      error = error_json("Invalid Form Body", 50035);
      return std::nullopt;
    }
    std::string payload;
    for (const Part& p : *parts) {
      if (p.name == "payload_json") {
        payload = p.data;
      } else if (p.name.rfind("files[", 0) == 0 && p.name.back() == ']') {
        if (p.filename.empty()) {
          status = 400;
          error = error_json("Invalid Form Body (a file part without a filename)", 50035);
          return std::nullopt;
        }
        if (p.data.size() > kUploadLimit) {
          status = 413;
          error = error_json("Request entity too large", 40005);
          return std::nullopt;
        }
        call.files.push_back(
            fmt::format("{}={} {} {}", p.name, p.filename, p.content_type, p.data.size()));
        call.uploads.push_back({p.name, p.filename, p.content_type, p.data, {}});
      }
    }
    if (call.uploads.size() > kMaxFiles) {
      status = 400;
      error = error_json("Invalid Form Body (more than 10 files)", 50035);
      return std::nullopt;
    }
    call.body = payload;
    dom::parser parser;
    dom::element root;
    if (payload.empty() || parser.parse(payload).get(root) != simdjson::SUCCESS) {
      status = 400;
      error = error_json("The request body contains invalid JSON.", 50109);
      return std::nullopt;
    }
    // attachments may sit at the top (messages, follow-ups) or in `data` (callbacks).
    dom::array attachments;
    const bool described =
        root["attachments"].get_array().get(attachments) == simdjson::SUCCESS ||
        root["data"]["attachments"].get_array().get(attachments) == simdjson::SUCCESS;
    if (!described) return payload;
    for (dom::element a : attachments) {
      std::int64_t id = -1;
      if (a["id"].get_int64().get(id) != simdjson::SUCCESS) {
        std::string_view sid;
        if (a["id"].get_string().get(sid) == simdjson::SUCCESS) {
          std::from_chars(sid.data(), sid.data() + sid.size(), id);
        }
      }
      const std::string field = fmt::format("files[{}]", id);
      auto f = std::find_if(call.uploads.begin(), call.uploads.end(),
                            [&](const FakeFile& u) { return u.field == field; });
      if (f == call.uploads.end()) {
        status = 400;
        error = error_json(fmt::format("Invalid Form Body (attachments: no {} uploaded)", field),
                           50035);
        return std::nullopt;
      }
      f->description = str_at(a, "description");
    }
    return payload;
  }
  if (!body.empty() && call.content_type.rfind("application/json", 0) != 0) {
    status = 400;
    error =
        R"({"message":"Invalid Form Body","code":50035,"errors":{"_errors":[{"code":"CONTENT_TYPE_INVALID","message":"Expected \"Content-Type\" header to be one of {'application/json', 'multipart/form-data'}."}]}})";
    return std::nullopt;
  }
  dom::parser parser;
  dom::element root;
  if (!body.empty() && parser.parse(body).get(root) != simdjson::SUCCESS) {
    status = 400;
    error = error_json("The request body contains invalid JSON.", 50109);
    return std::nullopt;
  }
  return body;
}

// Checks a message body against Discord's limits; returns the 400 body or "".
std::string message_errors(dom::element msg, bool files) {
  std::string_view content;
  const bool has_content =
      msg["content"].get_string().get(content) == simdjson::SUCCESS && !content.empty();
  dom::array embeds;
  const bool has_embeds =
      msg["embeds"].get_array().get(embeds) == simdjson::SUCCESS && embeds.size() > 0;
  dom::array components;
  const bool has_components =
      msg["components"].get_array().get(components) == simdjson::SUCCESS && components.size() > 0;
  if (!has_content && !has_embeds && !has_components && !files) {
    return error_json("Cannot send an empty message", 50006);
  }
  if (utf16_length(content) > 2000) {
    return R"({"message":"Invalid Form Body","code":50035,"errors":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}})";
  }
  if (has_embeds) {
    if (embeds.size() > 10) return error_json("Invalid Form Body (embeds > 10)", 50035);
    std::size_t total = 0;
    for (dom::element e : embeds) {
      // A missing title or description counts as empty.
      const std::string_view title = view_at(e, "title");
      const std::string_view description = view_at(e, "description");
      if (utf16_length(title) > 256 || utf16_length(description) > 4096) {
        return error_json("Invalid Form Body (embed field too long)", 50035);
      }
      total += utf16_length(title) + utf16_length(description);
      dom::array fields;
      if (e["fields"].get_array().get(fields) == simdjson::SUCCESS) {
        if (fields.size() > 25) return error_json("Invalid Form Body (fields > 25)", 50035);
        for (dom::element f : fields) {
          const std::string_view n = view_at(f, "name");
          const std::string_view v = view_at(f, "value");
          if (utf16_length(n) > 256 || utf16_length(v) > 1024) {
            return error_json("Invalid Form Body (embed field too long)", 50035);
          }
          total += utf16_length(n) + utf16_length(v);
        }
      }
    }
    if (total > 6000) return error_json("Invalid Form Body (embeds over 6000)", 50035);
  }
  return {};
}

}  // namespace

std::pair<int, std::string> FakeDiscord::Impl::route(
    RestCall& call, const std::string& body,
    std::vector<std::pair<std::string, std::string>>& headers) {
  const auto p = split_path(call.path);
  const std::string& m = call.method;
  auto is = [&](std::initializer_list<std::string_view> pattern) {
    if (p.size() != pattern.size()) return false;
    std::size_t i = 0;
    for (std::string_view part : pattern) {
      if (part != "*" && part != p[i]) return false;
      ++i;
    }
    return true;
  };
  if (m == "GET" && is({"gateway"})) {
    call.route = "GET /gateway";
    return {200, fmt::format(R"({{"url":"{}"}})", ws_url(config.port))};
  }
  if (m == "GET" && is({"gateway", "bot"})) {
    call.route = "GET /gateway/bot";
    return {
        200,
        fmt::format(
            R"({{"url":"{}","shards":1,"session_start_limit":{{"total":1000,"remaining":{},"reset_after":14400000,"max_concurrency":{}}}}})",
            ws_url(config.port), session_starts_remaining, config.max_concurrency)};
  }
  if (m == "GET" && is({"users", "@me"})) {
    call.route = "GET /users/@me";
    return {200, fmt::format(R"({{"id":"{}","username":"{}","discriminator":"0","bot":true}})",
                             config.bot_user_id, config.bot_username)};
  }
  if (m == "GET" && is({"applications", "@me"})) {
    call.route = "GET /applications/@me";
    return {200, fmt::format(R"({{"id":"{}","name":"{}","flags":0,"bot_public":false}})",
                             config.application_id, config.bot_username)};
  }
  if ((m == "PUT" || m == "GET") && (is({"applications", "*", "commands"}) ||
                                     is({"applications", "*", "guilds", "*", "commands"}))) {
    call.route = m + (p.size() == 3 ? " /applications/{app}/commands"
                                    : " /applications/{app}/guilds/{guild}/commands");
    if (p[1] != config.application_id) return {403, error_json("Missing Access", 50001)};
    if (m == "GET") return {200, commands_body.empty() ? "[]" : commands_body};
    int status = 200;
    std::string err;
    if (!read_body(call, body, status, err)) return {status, err};
    const auto violations = command_payload_violations(body);
    if (!violations.empty()) {
      JsonWriter w;
      w.begin_object().key("message").value("Invalid Form Body").key("code").value(50035);
      w.key("errors").begin_array();
      for (const auto& v : violations) w.value(v);
      w.end_array().end_object();
      return {400, std::move(w).take()};
    }
    commands_body = body;
    return {200, body};
  }
  if (m == "POST" && is({"users", "@me", "channels"})) {
    call.route = "POST /users/@me/channels";
    int status = 200;
    std::string err;
    auto b = read_body(call, body, status, err);
    if (!b) return {status, err};
    dom::parser parser;
    dom::element root;
    std::string_view recipient;
    if (parser.parse(*b).get(root) != simdjson::SUCCESS ||
        root["recipient_id"].get_string().get(recipient) != simdjson::SUCCESS) {
      return {400, error_json("Invalid Form Body", 50035)};
    }
    auto& ch = dm_channels[std::string(recipient)];
    if (ch.empty()) ch = next_snowflake();
    return {
        200,
        fmt::format(
            R"({{"id":"{}","type":1,"last_message_id":null,"recipients":[{{"id":"{}","username":"user"}}]}})",
            ch, recipient)};
  }
  if (m == "POST" && is({"channels", "*", "messages"})) {
    call.route = "POST /channels/{channel}/messages";
    return create_message(p[1], call, body, headers);
  }
  if (m == "POST" && is({"interactions", "*", "*", "callback"})) {
    call.route = "POST /interactions/{id}/{token}/callback";
    return interaction_callback(p[1], p[2], call, body);
  }
  if (p.size() >= 3 && p[0] == "webhooks") return webhook(p, call, body);
  ++unimplemented;
  call.route = "unimplemented";
  return {404, error_json("404: Not Found", 0)};
}

std::pair<int, std::string> FakeDiscord::Impl::create_message(
    const std::string& channel_id, RestCall& call, const std::string& body,
    std::vector<std::pair<std::string, std::string>>& headers) {
  std::string dm_user;
  for (const auto& [user, ch] : dm_channels) {
    if (ch == channel_id) dm_user = user;
  }
  const auto guild_ch = std::find_if(config.channels.begin(), config.channels.end(),
                                     [&](const FakeChannel& c) { return c.id == channel_id; });
  if (dm_user.empty() && guild_ch == config.channels.end()) {
    return {404, error_json("Unknown Channel", 10003)};
  }
  // The per-channel bucket.
  const std::int64_t t = now();
  auto& [remaining, reset_at] = buckets[channel_id];
  if (reset_at <= t) {
    remaining = config.message_bucket_limit;
    reset_at = t + config.message_bucket_window_ms;
  }
  const double reset_after = static_cast<double>(reset_at - t) / 1000.0;
  headers.emplace_back("X-RateLimit-Limit", std::to_string(config.message_bucket_limit));
  headers.emplace_back("X-RateLimit-Bucket", "80c17d2f203122d936070c88c8d10f33");
  headers.emplace_back("X-RateLimit-Reset-After", fmt::format("{:.3f}", reset_after));
  headers.emplace_back(
      "X-RateLimit-Reset",
      fmt::format("{:.3f}", static_cast<double>(std::time(nullptr)) + reset_after));
  if (remaining <= 0) {
    headers.emplace_back("X-RateLimit-Remaining", "0");
    headers.emplace_back("Retry-After", std::to_string(static_cast<int>(std::ceil(reset_after))));
    headers.emplace_back("X-RateLimit-Scope", "user");
    blocks.push_back({false, "POST", "/channels/" + channel_id + "/messages", reset_at});
    return {
        429,
        fmt::format(
            R"({{"message":"You are being rate limited.","retry_after":{:.3f},"global":false}})",
            reset_after)};
  }
  --remaining;
  headers.emplace_back("X-RateLimit-Remaining", std::to_string(remaining));
  if (!dm_user.empty() && dms_closed.count(dm_user) != 0) {
    return {403, error_json("Cannot send messages to this user", 50007)};
  }
  if (guild_ch != config.channels.end() && !guild_ch->bot_can_send) {
    return {403, error_json("Missing Permissions", 50013)};
  }
  int status = 200;
  std::string err;
  auto b = read_body(call, body, status, err);
  if (!b) return {status, err};
  dom::parser parser;
  dom::element root;
  if (parser.parse(*b).get(root) != simdjson::SUCCESS) {
    return {400, error_json("Cannot send an empty message", 50006)};
  }
  if (std::string e = message_errors(root, !call.files.empty()); !e.empty()) return {400, e};
  MessageRecord rec;
  rec.id = next_snowflake();
  rec.channel_id = channel_id;
  rec.body = *b;
  rec.files = call.files;
  rec.uploads = call.uploads;
  message_log.push_back(rec);
  const std::string_view content = view_at(root, "content");  // "" with embeds or files only
  const bool dm = !dm_user.empty();
  std::string reply = message_json(rec.id, channel_id, config.bot_user_id, config.bot_username,
                                   true, std::string(content), dm, false);
  // The bot sees its own message come back on the gateway (and must ignore it).
  dispatch("MESSAGE_CREATE", [&](const Session& s) -> std::string {
    if ((s.intents & (dm ? kDirectMessagesIntent : kGuildMessagesIntent)) == 0) return {};
    return reply;
  });
  return {200, reply};
}

std::pair<int, std::string> FakeDiscord::Impl::interaction_callback(const std::string& iid,
                                                                    const std::string& token,
                                                                    RestCall& call,
                                                                    const std::string& body) {
  auto it = interactions.find(iid);
  if (it == interactions.end() || it->second.rec.token != token) {
    return {404, error_json("Unknown interaction", 10062)};
  }
  Interaction& in = it->second;
  int status = 200;
  std::string err;
  auto b = read_body(call, body, status, err);
  in.rec.callbacks.push_back(b ? *b : body);
  auto refuse = [&](int st, std::string e) {
    in.rec.callback_status.push_back(st);
    return std::pair<int, std::string>{st, std::move(e)};
  };
  if (!b) return refuse(status, err);
  if (now() - in.created_ms > config.interaction_deadline_ms) {
    return refuse(404, error_json("Unknown interaction", 10062));
  }
  if (in.rec.acked_type != 0) {
    return refuse(400, error_json("Interaction has already been acknowledged.", 40060));
  }
  dom::parser parser;
  dom::element root;
  std::int64_t type = 0;
  if (parser.parse(*b).get(root) != simdjson::SUCCESS ||
      root["type"].get_int64().get(type) != simdjson::SUCCESS) {
    return refuse(400, error_json("Invalid Form Body", 50035));
  }
  const bool component = in.rec.type == 3;
  const bool autocomplete = in.rec.type == 4;
  const bool valid = (type == 8 && autocomplete) || ((type == 4 || type == 5) && !autocomplete) ||
                     ((type == 6 || type == 7) && component);
  if (!valid) return refuse(400, error_json("Invalid Form Body (callback type)", 50035));
  dom::element data;
  std::int64_t flags = 0;
  if (root["data"].get(data) == simdjson::SUCCESS) {
    flags = int_at(data, "flags", 0);
    if (type == 8) {
      dom::array choices;
      if (data["choices"].get_array().get(choices) != simdjson::SUCCESS || choices.size() > 25) {
        return refuse(400, error_json("Invalid Form Body (choices)", 50035));
      }
    }
    if (type == 4 || type == 7) {
      if (std::string e = message_errors(data, !call.files.empty()); !e.empty()) {
        return refuse(400, e);
      }
      in.rec.original = simdjson::to_string(data);
      in.rec.original_files = call.uploads;
    }
  }
  in.rec.acked_type = static_cast<int>(type);
  in.rec.ephemeral = (flags & 64) != 0;
  in.rec.callback_status.push_back(
      call.query.find("with_response=true") != std::string::npos ? 200 : 204);
  if (call.query.find("with_response=true") != std::string::npos) {
    return {200, fmt::format(R"({{"interaction":{{"id":"{}","type":{}}}}})", iid, in.rec.type)};
  }
  return {204, {}};
}

std::pair<int, std::string> FakeDiscord::Impl::webhook(const std::vector<std::string>& p,
                                                       RestCall& call, const std::string& body) {
  // /webhooks/{app}/{token}[/messages/{id|@original}]
  const std::string& app = p[1];
  const std::string& token = p[2];
  Interaction* in = nullptr;
  for (auto& [id, i] : interactions) {
    if (i.rec.token == token) in = &i;
  }
  const bool original = p.size() == 5 && p[3] == "messages" && p[4] == "@original";
  call.route = call.method + (original ? " /webhooks/{app}/{token}/messages/@original"
                                       : " /webhooks/{app}/{token}");
  if (app != config.application_id || in == nullptr || in->rec.acked_type == 0 ||
      now() - in->created_ms > config.interaction_token_ttl_ms) {
    return {404, error_json("Unknown Webhook", 10015)};
  }
  int status = 200;
  std::string err;
  auto b = read_body(call, body, status, err);
  if (!b) return {status, err};
  const std::string id = next_snowflake();
  auto message = [&](const std::string& content_json) {
    return fmt::format(R"({{"id":"{}","channel_id":"{}","webhook_id":"{}","body":{}}})", id,
                       in->channel_id, app, content_json.empty() ? "{}" : content_json);
  };
  if (original && call.method == "GET") return {200, message(in->rec.original)};
  dom::parser parser;
  dom::element root;
  if (parser.parse(*b).get(root) != simdjson::SUCCESS) {
    return {400, error_json("The request body contains invalid JSON.", 50109)};
  }
  if (std::string e = message_errors(root, !call.files.empty()); !e.empty()) return {400, e};
  if (original && call.method == "PATCH") {
    in->rec.original = *b;
    // Files uploaded with an edit are added to the message.
    in->rec.original_files.insert(in->rec.original_files.end(), call.uploads.begin(),
                                  call.uploads.end());
    return {200, message(*b)};
  }
  if (p.size() == 3 && call.method == "POST") {
    // Legacy: the first follow-up after a deferral edits the loading message.
    if (in->rec.acked_type == 5 && in->rec.original.empty()) {
      in->rec.original = *b;
      in->rec.original_files = call.uploads;
    } else {
      in->rec.followups.push_back(*b);
      in->rec.followup_files.push_back(call.uploads);
    }
    return {200, message(*b)};
  }
  ++unimplemented;
  return {404, error_json("404: Not Found", 0)};
}

// --- public API ------------------------------------------------------------------------------

FakeDiscord::FakeDiscord(FakeDiscordConfig config)
    : impl_(std::make_shared<Impl>(std::move(config))) {
  impl_->start();
}

FakeDiscord::~FakeDiscord() {
  impl_->stop();
}

std::uint16_t FakeDiscord::port() const {
  return impl_->config.port;
}
std::uint16_t FakeDiscord::resume_port() const {
  return impl_->config.resume_port;
}
std::string FakeDiscord::api_base() const {
  return impl_->http_url(impl_->config.port) + "/api/v10";
}
std::string FakeDiscord::gateway_url() const {
  return impl_->ws_url(impl_->config.port);
}
const FakeDiscordConfig& FakeDiscord::config() const {
  return impl_->config;
}

std::string FakeDiscord::Impl::inject_message_now(const std::string& channel_id,
                                                  const std::string& author_id,
                                                  const std::string& content, bool author_is_bot) {
  Impl& m = *this;
  {
    std::string id = m.next_snowflake();
    std::string dm_user;
    for (const auto& [user, ch] : m.dm_channels) {
      if (ch == channel_id) dm_user = user;
    }
    const bool dm = !dm_user.empty();
    const bool mentions_bot = content.find("<@" + m.config.bot_user_id + ">") != std::string::npos;
    m.dispatch("MESSAGE_CREATE", [&](const Session& s) -> std::string {
      if ((s.intents & (dm ? kDirectMessagesIntent : kGuildMessagesIntent)) == 0) return {};
      // Without MESSAGE_CONTENT, guild messages arrive with empty content unless they mention
      // the bot.
      const bool blank = (s.intents & kMessageContentIntent) == 0 && !dm && !mentions_bot;
      return m.message_json(id, channel_id, author_id, "user" + author_id.substr(0, 4),
                            author_is_bot, content, dm, blank);
    });
    return id;
  }
}

std::string FakeDiscord::inject_message(const std::string& channel_id, const std::string& author_id,
                                        const std::string& content, bool author_is_bot) {
  return impl_->run_sync(
      [&] { return impl_->inject_message_now(channel_id, author_id, content, author_is_bot); });
}

InteractionHandle FakeDiscord::Impl::inject_interaction_now(const SlashSpec& spec) {
  Impl& m = *this;
  {
    if (!m.registered(spec.command)) return {};  // the bot never registered it: a test failure
    Interaction in;
    in.rec.id = m.next_snowflake();
    in.rec.token = fmt::format("aW50ZXJhY3Rpb246{}", in.rec.id);
    in.rec.type = spec.type;
    in.created_ms = m.now();
    in.channel_id = spec.channel_id;
    JsonWriter w;
    w.begin_object()
        .key("id")
        .value(in.rec.id)
        .key("application_id")
        .value(m.config.application_id);
    w.key("type").value(spec.type).key("version").value(1).key("token").value(in.rec.token);
    w.key("channel_id").value(spec.channel_id);
    w.key("channel").begin_object().key("id").value(spec.channel_id);
    w.key("type").value(spec.dm ? 1 : 0).end_object();
    auto user = [&] {
      w.begin_object().key("id").value(spec.user_id).key("username").value(spec.username);
      w.key("discriminator").value("0").key("global_name").value(spec.username);
      w.key("avatar").null().end_object();
    };
    if (spec.dm) {
      w.key("user");
      user();
      w.key("context").value(1);
    } else {
      w.key("guild_id").value(m.config.guild_id);
      w.key("member").begin_object().key("user");
      user();
      w.key("roles").begin_array();
      for (const auto& r : spec.role_ids) w.value(r);
      w.end_array().key("permissions").value(spec.permissions);
      w.key("joined_at").value("2024-01-01T00:00:00.000000+00:00").key("nick").null();
      w.key("pending").value(false).key("flags").value(0).end_object();
      w.key("context").value(0);
      w.key("authorizing_integration_owners").begin_object().key("0").value(m.config.guild_id);
      w.end_object();
    }
    w.key("app_permissions").value("442368").key("locale").value("en-US");
    w.key("entitlements").begin_array().end_array();
    w.key("attachment_size_limit").value(static_cast<std::int64_t>(10485760));
    w.key("data").begin_object().key("id").value("1250000000000000000");
    w.key("name").value(spec.command).key("type").value(1);
    if (!spec.dm) w.key("guild_id").value(m.config.guild_id);
    w.key("options").begin_array();
    auto leaves = [&] {
      for (const auto& [name, value] : spec.options) {
        const int type = m.option_type(spec, name);
        w.begin_object().key("type").value(type).key("name").value(name).key("value");
        const bool numeric = (type == 4 || type == 10) && !value.empty() &&
                             value.find_first_not_of("0123456789.-") == std::string::npos;
        if (numeric) {
          w.raw(value);
        } else {
          w.value(value);
        }
        if (spec.type == 4 && name == spec.focused) w.key("focused").value(true);
        w.end_object();
      }
    };
    if (spec.subcommands.empty()) {
      leaves();
    } else {
      for (const auto& sub : spec.subcommands) {
        w.begin_object().key("type").value(1).key("name").value(sub).key("options").begin_array();
      }
      leaves();
      for (std::size_t i = 0; i < spec.subcommands.size(); ++i) w.end_array().end_object();
    }
    w.end_array().end_object().end_object();
    std::string d = std::move(w).take();
    InteractionHandle h{in.rec.id, in.rec.token};
    m.interactions[in.rec.id] = std::move(in);
    m.dispatch("INTERACTION_CREATE", [&](const Session&) { return d; });
    return h;
  }
}

InteractionHandle FakeDiscord::inject_interaction(const SlashSpec& spec) {
  return impl_->run_sync([&] { return impl_->inject_interaction_now(spec); });
}

InteractionHandle FakeDiscord::inject_button(const std::string& message_id,
                                             const std::string& custom_id,
                                             const std::string& user_id,
                                             const std::string& channel_id) {
  Impl& m = *impl_;
  return m.run_sync([&]() -> InteractionHandle {
    Interaction in;
    in.rec.id = m.next_snowflake();
    in.rec.token = fmt::format("aW50ZXJhY3Rpb246{}", in.rec.id);
    in.rec.type = 3;
    in.created_ms = m.now();
    in.channel_id = channel_id;
    JsonWriter w;
    w.begin_object()
        .key("id")
        .value(in.rec.id)
        .key("application_id")
        .value(m.config.application_id);
    w.key("type").value(3).key("version").value(1).key("token").value(in.rec.token);
    w.key("guild_id").value(m.config.guild_id).key("channel_id").value(channel_id);
    w.key("member").begin_object().key("user").begin_object().key("id").value(user_id);
    w.key("username").value("user" + user_id.substr(0, 4)).end_object();
    // The clicker's member object as Discord sends it: their roles and permissions (from the
    // seeded members; none for a user the fake does not know).
    const auto member = std::find_if(m.config.members.begin(), m.config.members.end(),
                                     [&](const FakeMember& fm) { return fm.user_id == user_id; });
    w.key("roles").begin_array();
    if (member != m.config.members.end()) {
      for (const std::string& r : member->role_ids) w.value(r);
    }
    w.end_array().key("permissions");
    w.value(member != m.config.members.end() ? member->permissions : std::string("2147483647"));
    w.end_object();
    w.key("message").begin_object().key("id").value(message_id).key("channel_id").value(channel_id);
    w.end_object();
    w.key("data").begin_object().key("custom_id").value(custom_id).key("component_type").value(2);
    w.end_object().end_object();
    std::string d = std::move(w).take();
    InteractionHandle h{in.rec.id, in.rec.token};
    m.interactions[in.rec.id] = std::move(in);
    m.dispatch("INTERACTION_CREATE", [&](const Session&) { return d; });
    return h;
  });
}

void FakeDiscord::dispatch_raw(const std::string& event, const std::string& d_json) {
  impl_->run_sync([&] { impl_->dispatch(event, [&](const Session&) { return d_json; }); });
}

void FakeDiscord::send_raw_frame(const std::string& text) {
  impl_->run_sync([&] {
    if (auto c = impl_->current_conn()) impl_->send_frame(c, text);
  });
}

void FakeDiscord::withhold_heartbeat_acks(bool on) {
  impl_->run_sync([&] { impl_->withhold_acks = on; });
}

void FakeDiscord::request_heartbeat() {
  send_raw_frame(R"({"t":null,"s":null,"op":1,"d":null})");
}

void FakeDiscord::send_reconnect() {
  send_raw_frame(R"({"t":null,"s":null,"op":7,"d":null})");
}

void FakeDiscord::invalidate_session(bool resumable) {
  impl_->run_sync([&] {
    auto c = impl_->current_conn();
    if (!c) return;
    impl_->send_frame(
        c, fmt::format(R"({{"t":null,"s":null,"op":9,"d":{}}})", resumable ? "true" : "false"));
    if (!resumable && !c->session.empty()) {
      impl_->sessions.erase(c->session);
      c->session.clear();
      c->identified = false;
    }
  });
}

void FakeDiscord::close_connection(std::uint16_t code, const std::string& reason) {
  impl_->run_sync([&] {
    if (auto c = impl_->current_conn()) impl_->close_conn(c, code, reason);
  });
}

void FakeDiscord::drop_connection() {
  impl_->run_sync([&] {
    if (auto c = impl_->current_conn()) impl_->drop_conn(c);
  });
}

void FakeDiscord::pause_dispatch() {
  impl_->run_sync([&] { impl_->paused = true; });
}

void FakeDiscord::resume_dispatch() {
  Impl& m = *impl_;
  m.run_sync([&] {
    m.paused = false;
    for (auto& [id, s] : m.sessions) {
      auto c = m.conns.find(s.conn);
      if (c == m.conns.end()) continue;
      for (const auto& [fs, frame] : s.buffer) {
        if (fs > s.delivered) m.send_frame(c->second, frame);
      }
      s.delivered = s.seq;
    }
  });
}

void FakeDiscord::expire_sessions() {
  impl_->run_sync(
      [&] { std::erase_if(impl_->sessions, [](const auto& kv) { return kv.second.conn == 0; }); });
}

void FakeDiscord::script_429(const Scripted429& script) {
  impl_->run_sync([&] { impl_->scripts.push_back(script); });
}

void FakeDiscord::set_dms_closed(const std::string& user_id, bool closed) {
  impl_->run_sync([&] {
    if (closed) {
      impl_->dms_closed.insert(user_id);
    } else {
      impl_->dms_closed.erase(user_id);
    }
  });
}

std::vector<RestCall> FakeDiscord::rest_calls() const {
  return impl_->run_sync([&] { return impl_->calls; });
}
std::vector<GatewayFrameRecord> FakeDiscord::frames() const {
  return impl_->run_sync([&] { return impl_->frame_log; });
}
std::vector<GatewayConnRecord> FakeDiscord::connections() const {
  return impl_->run_sync([&] { return impl_->conn_log; });
}
std::vector<MessageRecord> FakeDiscord::messages() const {
  return impl_->run_sync([&] { return impl_->message_log; });
}
std::optional<InteractionRecord> FakeDiscord::interaction(const std::string& id) const {
  return impl_->run_sync([&]() -> std::optional<InteractionRecord> {
    auto it = impl_->interactions.find(id);
    if (it == impl_->interactions.end()) return std::nullopt;
    return it->second.rec;
  });
}
std::string FakeDiscord::registered_commands() const {
  return impl_->run_sync([&] { return impl_->commands_body; });
}
std::size_t FakeDiscord::identify_count() const {
  return impl_->run_sync([&] { return impl_->identifies; });
}
std::size_t FakeDiscord::resume_count() const {
  return impl_->run_sync([&] { return impl_->resumes; });
}
std::size_t FakeDiscord::early_requests() const {
  return impl_->run_sync([&] { return impl_->early; });
}
std::size_t FakeDiscord::invalid_requests() const {
  return impl_->run_sync([&] { return impl_->invalid; });
}
std::size_t FakeDiscord::unimplemented_calls() const {
  return impl_->run_sync([&] { return impl_->unimplemented; });
}

std::vector<TlsHandshakeRecord> FakeDiscord::tls_handshakes() const {
  return impl_->run_sync([&] { return impl_->tls_log; });
}

bool FakeDiscord::wait_for(const std::function<bool()>& pred,
                           std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(impl_->cv_mu);
      seen = impl_->version;
    }
    if (pred()) return true;
    std::unique_lock lock(impl_->cv_mu);
    if (!impl_->cv.wait_until(lock, deadline, [&] { return impl_->version != seen; })) {
      return pred();
    }
  }
}

std::pair<int, std::string> FakeDiscord::Impl::control_locked(const std::string& method,
                                                              const std::string& path,
                                                              const std::string& body) {
  dom::parser parser;
  dom::element root;
  const bool has_json = !body.empty() && parser.parse(body).get(root) == simdjson::SUCCESS;
  auto str = [&](std::string_view key, std::string fallback = {}) {
    if (!has_json) return fallback;
    std::string v = str_at(root, key);
    return v.empty() ? fallback : v;
  };
  auto num = [&](std::string_view key, double fallback) {
    double v = fallback;
    if (has_json && root[key].get_double().get(v) != simdjson::SUCCESS) v = fallback;
    return v;
  };
  auto flag = [&](std::string_view key, bool fallback) {
    bool v = fallback;
    if (has_json && root[key].get_bool().get(v) != simdjson::SUCCESS) v = fallback;
    return v;
  };
  auto current = [&] { return current_conn(); };
  const std::string op = path.substr(std::string("/_fake/").size());
  if (method == "POST" && op == "inject_message") {
    const std::string id = inject_message_now(str("channel_id", config.channels.front().id),
                                              str("author_id", "1000000000000000007"),
                                              str("content"), flag("bot", false));
    return {200, fmt::format(R"({{"id":"{}"}})", id)};
  }
  if (method == "POST" && op == "inject_slash") {
    SlashSpec spec;
    spec.command = str("command");
    spec.user_id = str("user_id", spec.user_id);
    spec.channel_id = str("channel_id", spec.channel_id);
    if (has_json) {
      dom::array subs;
      if (root["subcommands"].get_array().get(subs) == simdjson::SUCCESS) {
        for (dom::element e : subs) {
          std::string_view v;
          if (e.get_string().get(v) == simdjson::SUCCESS) spec.subcommands.emplace_back(v);
        }
      }
      dom::array roles;
      if (root["role_ids"].get_array().get(roles) == simdjson::SUCCESS) {
        for (dom::element e : roles) {
          std::string_view v;
          if (e.get_string().get(v) == simdjson::SUCCESS) spec.role_ids.emplace_back(v);
        }
      }
      dom::object options;
      if (root["options"].get_object().get(options) == simdjson::SUCCESS) {
        for (auto field : options) {
          std::string_view v;
          if (field.value.get_string().get(v) == simdjson::SUCCESS) {
            spec.options.emplace_back(std::string(field.key), std::string(v));
          }
        }
      }
    }
    const InteractionHandle h = inject_interaction_now(spec);
    if (h.id.empty()) {
      return {400, error_json("command not registered by the bot: " + spec.command, 0)};
    }
    return {200, fmt::format(R"({{"id":"{}","token":"{}"}})", h.id, h.token)};
  }
  if (method == "POST" && op == "reconnect") {
    if (auto c = current()) send_frame(c, R"({"t":null,"s":null,"op":7,"d":null})");
    return {200, "{}"};
  }
  if (method == "POST" && op == "invalidate_session") {
    const bool resumable = flag("resumable", false);
    if (auto c = current()) {
      send_frame(c, fmt::format(R"({{"t":null,"s":null,"op":9,"d":{}}})", resumable));
      if (!resumable) sessions.erase(c->session);
    }
    return {200, "{}"};
  }
  if (method == "POST" && op == "close") {
    if (auto c = current()) close_conn(c, static_cast<std::uint16_t>(num("code", 4000)));
    return {200, "{}"};
  }
  if (method == "POST" && op == "drop") {
    if (auto c = current()) drop_conn(c);
    return {200, "{}"};
  }
  if (method == "POST" && op == "withhold_acks") {
    withhold_acks = flag("on", true);
    return {200, "{}"};
  }
  if (method == "POST" && op == "request_heartbeat") {
    if (auto c = current()) send_frame(c, R"({"t":null,"s":null,"op":1,"d":null})");
    return {200, "{}"};
  }
  if (method == "POST" && op == "script_429") {
    scripts.push_back({str("method", "POST"), str("path_prefix", "/channels/"),
                       num("retry_after", 1.0), flag("global", false),
                       static_cast<int>(num("count", 1))});
    return {200, "{}"};
  }
  if (method == "POST" && op == "dms_closed") {
    if (flag("closed", true)) {
      dms_closed.insert(str("user_id"));
    } else {
      dms_closed.erase(str("user_id"));
    }
    return {200, "{}"};
  }
  if (method == "GET" && op == "rest_calls") {
    JsonWriter w;
    w.begin_array();
    for (const RestCall& c : calls) {
      w.begin_object().key("seq").value(static_cast<std::int64_t>(c.seq));
      w.key("method").value(c.method).key("path").value(c.path).key("status").value(c.status);
      w.key("body").value(c.body).key("response").value(c.response).end_object();
    }
    w.end_array();
    return {200, std::move(w).take()};
  }
  if (method == "GET" && op == "messages") {
    JsonWriter w;
    w.begin_array();
    for (const MessageRecord& msg : message_log) {
      w.begin_object().key("id").value(msg.id).key("channel_id").value(msg.channel_id);
      w.key("body").value(msg.body).end_object();
    }
    w.end_array();
    return {200, std::move(w).take()};
  }
  if (method == "GET" && op == "interactions") {
    JsonWriter w;
    w.begin_array();
    for (const auto& [id, in] : interactions) {
      w.begin_object().key("id").value(id).key("acked_type").value(in.rec.acked_type);
      w.key("original").value(in.rec.original).key("followups").begin_array();
      for (const auto& f : in.rec.followups) w.value(f);
      w.end_array().end_object();
    }
    w.end_array();
    return {200, std::move(w).take()};
  }
  return {404, error_json("unknown control " + method + " " + path, 0)};
}

std::pair<int, std::string> FakeDiscord::control(const std::string& method, const std::string& path,
                                                 const std::string& body) {
  return impl_->run_sync([&] { return impl_->control_locked(method, path, body); });
}

}  // namespace omega::chat::discord::fake
