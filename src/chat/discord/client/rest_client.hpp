// Provides RestClient: Discord's REST API over HTTP(S) with keep-alive connections, the rate
// limits of the response headers (per-route buckets, the global limit, 429 retry_after: no
// request is sent early), the invalid-request budget, timeouts, and retries only where safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace omega::chat::discord {

// How the client talks to Discord.
struct RestOptions {
  std::string api_base = "https://discord.com/api/v10";
  std::string token;  // the bot token (a secret: never logged)
  std::string user_agent = "DiscordBot (https://github.com/omega-bot-farm, 0.1)";
  std::chrono::milliseconds timeout{10'000};
  int max_attempts = 4;  // per request: 429s always retry; 5xx and network errors if safe
  std::chrono::milliseconds retry_backoff{250};
  // 401, 403 and 429 answers tolerated per 10 minutes before the client refuses to send
  // (Discord bans an IP at 10 000).
  std::size_t invalid_request_budget = 1000;
  std::string ca_file;  // https://: extra trusted CA (PEM)
  std::size_t max_connections = 4;
  // Called after every answer is accounted for (rate limits learnt), with the route and the
  // status: for metrics, and for tests that must act after a 429 was taken into account.
  std::function<void(const std::string& route, int status)> observer;
};

// One request: the path is relative to api_base ("/channels/1/messages").
struct RestRequest {
  std::string method = "GET";
  std::string path;
  std::string query;  // without '?'
  std::string body;
  std::string content_type = "application/json";
  // A POST that may be repeated safely (e.g. a message with nonce + enforce_nonce); GET, PUT,
  // PATCH and DELETE are always safe.
  bool idempotent = false;
};

// One answer (any HTTP status); `code` is Discord's JSON error code when the body has one.
struct RestResponse {
  int status = 0;
  std::string body;
  int code = 0;
  bool ok() const { return status >= 200 && status < 300; }
};

// Counters for tests and logs.
struct RestStats {
  std::size_t requests = 0;      // sent on the wire
  std::size_t rate_limited = 0;  // 429 answers
  std::size_t waits = 0;         // times a request waited for a bucket or the global limit
  std::size_t connections_opened = 0;
  std::size_t invalid = 0;  // 401, 403, 429 in the current 10-minute window
};

// A thread-safe REST client; requests from several threads run in parallel on pooled
// connections, each waiting only for its own bucket.
class RestClient {
 public:
  explicit RestClient(RestOptions options);
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // Sends `request`, honouring rate limits and retrying as allowed; returns the final answer,
  // or an error for a network failure, a timeout, a Cloudflare ban, a spent invalid-request
  // budget, or after a 401 (the token is wrong: no further request is sent).
  Result<RestResponse> send(const RestRequest& request);

  RestStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Returns Discord's `code` and `message` of an error body as "403 50007 Cannot send messages to
// this user", for error messages.
std::string describe_error(const RestResponse& response);

}  // namespace omega::chat::discord
