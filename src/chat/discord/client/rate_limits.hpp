// Provides RateLimits: Discord's REST rate limits as the client tracks them from response
// headers: per-route buckets (shared by bucket hash, split by the major parameter), the global
// limit, and 429s with retry_after. Pure bookkeeping over a caller's clock; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace omega::chat::discord {

// The rate-limit identity of a request: "POST /channels/{id}/messages" and its major
// parameter ("1100000000000000010"; the webhook id and token for interaction follow-ups).
struct RouteKey {
  std::string route;
  std::string major;
  bool global_exempt = false;  // interaction callbacks and follow-ups skip the global limit
};

// Returns the key of `method` `path` (path without /api/v10 and without the query).
RouteKey route_key(std::string_view method, std::string_view path);

// The rate-limit headers of one response.
struct RateLimitHeaders {
  std::optional<int> limit;
  std::optional<int> remaining;
  std::optional<double> reset_after_s;
  std::string bucket;
  bool global = false;                  // X-RateLimit-Global: true (or "global":true in a 429 body)
  std::string scope;                    // user, global, shared
  std::optional<double> retry_after_s;  // 429: the body's retry_after, else Retry-After
};

// Tracks buckets and the global limit.
class RateLimits {
 public:
  // Returns how long to wait before sending a request with `key` at `now_ms` (0 = send now).
  std::int64_t delay_ms(const RouteKey& key, std::int64_t now_ms) const;
  // Records a response (status and headers) received at `now_ms`.
  void on_response(const RouteKey& key, int status, const RateLimitHeaders& h, std::int64_t now_ms);

 private:
  struct Bucket {
    int remaining = 1;
    std::int64_t reset_at_ms = 0;
  };
  std::string bucket_id(const RouteKey& key) const;

  mutable std::mutex mu_;
  std::map<std::string, std::string> hashes_;  // route -> bucket hash
  std::map<std::string, Bucket> buckets_;      // hash-or-route + ":" + major
  std::int64_t global_until_ms_ = 0;
};

}  // namespace omega::chat::discord
