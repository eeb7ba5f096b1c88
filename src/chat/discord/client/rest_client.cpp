#include "chat/discord/client/rest_client.hpp"

#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>
#include <simdjson.h>

#include "chat/discord/client/rate_limits.hpp"
#include "chat/discord/client/tls.hpp"
#include "chat/discord/client/url.hpp"
#include "core/log.hpp"

namespace omega::chat::discord {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::optional<double> header_double(const http::response<http::string_body>& res,
                                    const char* name) {
  auto it = res.find(name);
  if (it == res.end()) return std::nullopt;
  const std::string v(it->value());
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str()) return std::nullopt;
  return d;
}

// One keep-alive connection with its own io_context (requests run with run() so timeouts work).
struct Connection {
  Connection(const Url& url, ssl::context& ctx) : url_(url) {
    if (url.tls()) {
      tls.emplace(ioc, ctx);
    } else {
      plain.emplace(ioc);
    }
  }

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Sends `req` and reads the answer within `timeout`; an error closes the connection.
  beast::error_code exchange(http::request<http::string_body>& req,
                             http::response<http::string_body>& res,
                             std::chrono::milliseconds timeout, bool& opened) {
    beast::error_code result;
    ioc.restart();
    auto do_exchange = [&](auto& stream) {
      lowest().expires_after(timeout);
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) {
          result = ec;
          return;
        }
        lowest().expires_after(timeout);
        http::async_read(stream, buffer, res,
                         [&](beast::error_code ec2, std::size_t) { result = ec2; });
      });
    };
    tcp::resolver resolver(ioc);  // outlives run(): destroying it would cancel the resolve
    if (!open) {
      opened = true;
      resolver.async_resolve(
          url_.host, url_.port, [&](beast::error_code ec, const tcp::resolver::results_type& r) {
            if (ec) {
              result = ec;
              return;
            }
            lowest().expires_after(timeout);
            lowest().async_connect(r, [&](beast::error_code ec2, const tcp::endpoint&) {
              if (ec2) {
                result = ec2;
                return;
              }
              if (tls) {
                if (!expect_server(tls->native_handle(), url_.host)) {
                  tls_error = fmt::format("TLS: OpenSSL refused the server name {}", url_.host);
                  result = net::error::invalid_argument;
                  return;
                }
                tls->async_handshake(ssl::stream_base::client, [&](beast::error_code ec3) {
                  if (ec3) {
                    tls_error =
                        tls_failure(url_.host, url_.port, ec3.message(), tls->native_handle());
                    result = ec3;
                    return;
                  }
                  open = true;
                  do_exchange(*tls);
                });
              } else {
                open = true;
                do_exchange(*plain);
              }
            });
          });
    } else if (tls) {
      do_exchange(*tls);
    } else {
      do_exchange(*plain);
    }
    ioc.run();
    if (result || !res.keep_alive()) {
      beast::error_code ignored;
      lowest().socket().close(ignored);
      open = false;
    }
    return result;
  }

  Url url_;
  net::io_context ioc;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  bool open = false;
  std::string tls_error;  // why the TLS handshake failed, when it did
};

}  // namespace

struct RestClient::Impl {
  explicit Impl(RestOptions o) : options(std::move(o)) {
    ssl_ctx.set_default_verify_paths();
    if (!options.ca_file.empty()) {
      ca_error = add_ca_file(ssl_ctx.native_handle(), options.ca_file);
      if (!ca_error.empty()) log_error("discord rest: {}", ca_error);
    }
    ssl_ctx.set_verify_mode(ssl::verify_peer);
    auto url = parse_url(options.api_base);
    if (url.ok()) {
      base = *url;
      while (base.target.size() > 1 && base.target.back() == '/') base.target.pop_back();
      if (base.target == "/") base.target.clear();
    } else {
      base_error = url.error().message();
    }
  }

  std::unique_ptr<Connection> acquire() {
    std::lock_guard lock(mu);
    if (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      return c;
    }
    return std::make_unique<Connection>(base, ssl_ctx);
  }

  void release(std::unique_ptr<Connection> c) {
    std::lock_guard lock(mu);
    if (c->open && idle.size() < options.max_connections) idle.push_back(std::move(c));
  }

  // Counts 401/403/429 in a sliding 10-minute window; false when the budget is spent.
  bool within_budget(std::int64_t t) {
    std::lock_guard lock(mu);
    while (!invalid_times.empty() && invalid_times.front() <= t - 600'000)
      invalid_times.pop_front();
    stats.invalid = invalid_times.size();
    return invalid_times.size() < options.invalid_request_budget;
  }

  RestOptions options;
  Url base;
  std::string base_error;
  std::string ca_error;
  ssl::context ssl_ctx{ssl::context::tls_client};
  RateLimits limits;
  std::mutex mu;
  std::vector<std::unique_ptr<Connection>> idle;
  std::deque<std::int64_t> invalid_times;
  bool unauthorized = false;
  RestStats stats;
};

RestClient::RestClient(RestOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
RestClient::~RestClient() = default;

RestStats RestClient::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

Result<RestResponse> RestClient::send(const RestRequest& request) {
  Impl& m = *impl_;
  if (!m.base_error.empty())
    return Error(ErrorCode::kInvalidArgument, "discord api_base: " + m.base_error);
  if (!m.ca_error.empty()) return Error(ErrorCode::kInvalidArgument, "discord rest: " + m.ca_error);
  const RouteKey key = route_key(request.method, request.path);
  const bool safe = request.method != "POST" || request.idempotent;
  std::optional<RestResponse> last;
  for (int attempt = 0; attempt < std::max(1, m.options.max_attempts); ++attempt) {
    {
      std::lock_guard lock(m.mu);
      if (m.unauthorized) {
        return Error(ErrorCode::kPermissionDenied,
                     "discord rest: stopped after 401 Unauthorized (the bot token is invalid)");
      }
    }
    // Wait for the bucket and the global limit; re-check after waiting (another thread may
    // have learnt of a new limit meanwhile).
    for (int guard = 0; guard < 100; ++guard) {
      const std::int64_t wait = m.limits.delay_ms(key, now_ms());
      if (wait <= 0) break;
      {
        std::lock_guard lock(m.mu);
        ++m.stats.waits;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    if (!m.within_budget(now_ms())) {
      return Error(ErrorCode::kUnavailable,
                   fmt::format("discord rest: {} invalid requests (401/403/429) in 10 minutes; "
                               "refusing to send more to avoid a Cloudflare ban",
                               m.options.invalid_request_budget));
    }

    http::request<http::string_body> req;
    req.method_string(request.method);
    req.target(m.base.target + request.path + (request.query.empty() ? "" : "?" + request.query));
    req.version(11);
    req.set(http::field::host, m.base.host);
    req.set(http::field::user_agent, m.options.user_agent);
    req.set(http::field::authorization, "Bot " + m.options.token);
    req.keep_alive(true);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
      req.set(http::field::content_type, request.content_type);
      req.body() = request.body;
    }
    req.prepare_payload();

    auto conn = m.acquire();
    http::response<http::string_body> res;
    bool opened = false;
    const beast::error_code ec = conn->exchange(req, res, m.options.timeout, opened);
    {
      std::lock_guard lock(m.mu);
      ++m.stats.requests;
      if (opened) ++m.stats.connections_opened;
    }
    if (ec && !conn->tls_error.empty()) {
      // A certificate that is not trusted stays so: no retry.
      return Error(
          ErrorCode::kPermissionDenied,
          fmt::format("discord rest: {} {}: {}", request.method, key.route, conn->tls_error));
    }
    if (ec) {
      if (safe && attempt + 1 < m.options.max_attempts) {
        std::this_thread::sleep_for(m.options.retry_backoff * (1 << attempt));
        continue;
      }
      const bool timeout = ec == beast::error::timeout;
      return Error(timeout ? ErrorCode::kTimeout : ErrorCode::kUnavailable,
                   fmt::format("discord rest: {} {}: {}", request.method, key.route,
                               timeout ? "timed out" : ec.message()));
    }
    m.release(std::move(conn));

    RestResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    RateLimitHeaders h;
    if (auto v = header_double(res, "X-RateLimit-Limit")) h.limit = static_cast<int>(*v);
    if (auto v = header_double(res, "X-RateLimit-Remaining")) h.remaining = static_cast<int>(*v);
    h.reset_after_s = header_double(res, "X-RateLimit-Reset-After");
    if (auto it = res.find("X-RateLimit-Bucket"); it != res.end())
      h.bucket = std::string(it->value());
    if (auto it = res.find("X-RateLimit-Scope"); it != res.end())
      h.scope = std::string(it->value());
    if (auto it = res.find("X-RateLimit-Global"); it != res.end()) h.global = it->value() == "true";
    h.retry_after_s = header_double(res, "Retry-After");
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (!out.body.empty() && parser.parse(out.body).get(root) == simdjson::SUCCESS) {
      std::int64_t code = 0;
      if (root["code"].get_int64().get(code) == simdjson::SUCCESS)
        out.code = static_cast<int>(code);
      if (out.status == 429) {
        double ra = 0;
        // The body's retry_after has decimals; the header is rounded up to whole seconds.
        if (root["retry_after"].get_double().get(ra) == simdjson::SUCCESS) h.retry_after_s = ra;
        bool global = false;
        if (root["global"].get_bool().get(global) == simdjson::SUCCESS && global) h.global = true;
      }
    }
    m.limits.on_response(key, out.status, h, now_ms());
    if (m.options.observer) m.options.observer(key.route, out.status);
    if (out.status == 401 || out.status == 403 || (out.status == 429 && h.scope != "shared")) {
      std::lock_guard lock(m.mu);
      m.invalid_times.push_back(now_ms());
      m.stats.invalid = m.invalid_times.size();
    }
    if (out.status == 401) {
      std::lock_guard lock(m.mu);
      m.unauthorized = true;
      log_error("discord rest: 401 Unauthorized on {}: the bot token is invalid; REST stopped",
                key.route);
      return out;
    }
    if (out.status == 429) {
      {
        std::lock_guard lock(m.mu);
        ++m.stats.rate_limited;
      }
      if (res.find("Via") == res.end()) {
        return Error(ErrorCode::kUnavailable,
                     "discord rest: 429 without a Via header: a Cloudflare ban; not retrying");
      }
      log_warn("discord rest: 429 on {} ({}), retry after {:.3f} s", key.route,
               h.global ? "global" : "bucket", h.retry_after_s.value_or(0.0));
      last = out;
      continue;  // a 429 was not processed: always safe to send again once the wait is over
    }
    const bool server_error = out.status == 500 || out.status == 502 || out.status == 503 ||
                              out.status == 504 || out.status == 524;
    if (server_error && safe && attempt + 1 < m.options.max_attempts) {
      last = out;
      std::this_thread::sleep_for(m.options.retry_backoff * (1 << attempt));
      continue;
    }
    return out;
  }
  if (last) return *last;
  return Error(ErrorCode::kUnavailable, "discord rest: no attempt made");
}

std::string describe_error(const RestResponse& response) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string_view message;
  if (!response.body.empty() && parser.parse(response.body).get(root) == simdjson::SUCCESS &&
      root["message"].get_string().get(message) == simdjson::SUCCESS) {
    return fmt::format("{} {} {}", response.status, response.code, message);
  }
  return fmt::format("{}", response.status);
}

}  // namespace omega::chat::discord
