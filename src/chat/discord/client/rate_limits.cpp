#include "chat/discord/client/rate_limits.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace omega::chat::discord {
namespace {

bool is_snowflake(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

RouteKey route_key(std::string_view method, std::string_view path) {
  RouteKey key;
  key.route = std::string(method) + " ";
  const auto seg = segments(path);
  const bool webhook = !seg.empty() && seg[0] == "webhooks";
  const bool interaction = !seg.empty() && seg[0] == "interactions";
  key.global_exempt = webhook || interaction;
  for (std::size_t i = 0; i < seg.size(); ++i) {
    const bool token = (webhook || interaction) && i == 2;
    const bool major = i == 1 && (seg[0] == "channels" || seg[0] == "guilds" || webhook);
    if (major || (webhook && token)) {
      if (!key.major.empty()) key.major += "+";
      key.major += std::string(seg[i]);
    }
    key.route += "/";
    if (token) {
      key.route += "{token}";
    } else if (is_snowflake(seg[i])) {
      key.route += "{id}";
    } else {
      key.route += std::string(seg[i]);
    }
  }
  // Interaction callbacks: each interaction is its own bucket.
  if (interaction && seg.size() > 1) key.major = std::string(seg[1]);
  return key;
}

std::string RateLimits::bucket_id(const RouteKey& key) const {
  auto it = hashes_.find(key.route);
  return (it == hashes_.end() ? key.route : it->second) + ":" + key.major;
}

std::int64_t RateLimits::delay_ms(const RouteKey& key, std::int64_t now_ms) const {
  std::lock_guard lock(mu_);
  std::int64_t wait = 0;
  if (!key.global_exempt && global_until_ms_ > now_ms) wait = global_until_ms_ - now_ms;
  auto it = buckets_.find(bucket_id(key));
  if (it != buckets_.end() && it->second.remaining <= 0 && it->second.reset_at_ms > now_ms) {
    wait = std::max(wait, it->second.reset_at_ms - now_ms);
  }
  return wait;
}

void RateLimits::on_response(const RouteKey& key, int status, const RateLimitHeaders& h,
                             std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (!h.bucket.empty()) hashes_[key.route] = h.bucket;
  auto ms = [](double s) { return static_cast<std::int64_t>(std::ceil(s * 1000.0)); };
  if (status == 429) {
    const double retry = h.retry_after_s.value_or(h.reset_after_s.value_or(1.0));
    if (h.global || h.scope == "global") {
      global_until_ms_ = std::max(global_until_ms_, now_ms + ms(retry));
      return;
    }
    Bucket& b = buckets_[bucket_id(key)];
    b.remaining = 0;
    b.reset_at_ms = std::max(b.reset_at_ms, now_ms + ms(retry));
    return;
  }
  if (h.remaining && h.reset_after_s) {
    Bucket& b = buckets_[bucket_id(key)];
    b.remaining = *h.remaining;
    b.reset_at_ms = now_ms + ms(*h.reset_after_s);
  }
}

}  // namespace omega::chat::discord
