#include "store/store_options.hpp"

#include <charconv>

#include <fmt/format.h>

namespace omega::store {
namespace {

Error bad_url(std::string_view problem) {
  // The URL itself is not echoed: it may hold a password.
  return Error(ErrorCode::kParse, fmt::format("store URL: {} (expected sqlite:PATH or "
                                              "redis://[user[:password]@]host[:port][/db])",
                                              problem));
}

bool parse_int(std::string_view text, int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

Result<StoreOptions> parse_redis(std::string_view rest) {
  StoreOptions options;
  options.backend = StoreOptions::Backend::kRedis;
  RedisOptions& r = options.redis;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (!query.starts_with("prefix=")) return bad_url("the only query parameter is prefix=");
    r.key_prefix = std::string(query.substr(7));
    if (!r.key_prefix.starts_with("omega:"))
      return bad_url("the key prefix must start with omega:");
  }
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      r.username = std::string(userinfo.substr(0, colon));
      r.password = std::string(userinfo.substr(colon + 1));
    } else {
      r.password = std::string(userinfo);  // redis://secret@host, as redis-cli reads it
    }
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty() && (!parse_int(db, r.db) || r.db < 0)) return bad_url("bad database number");
  }
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!parse_int(rest.substr(colon + 1), r.port) || r.port <= 0 || r.port > 65535) {
      return bad_url("bad port");
    }
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return bad_url("missing host");
  r.host = std::string(rest);
  return options;
}

Result<std::chrono::milliseconds> ms_or(const Config& c, std::string_view key,
                                        std::chrono::milliseconds fallback) {
  OMEGA_ASSIGN_OR_RETURN(Duration d, c.get_or<Duration>(key, fallback));
  if (d.count() <= 0) return c.invalid(key, "must be positive");
  return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

}  // namespace

Result<StoreOptions> parse_store_url(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) return bad_url("missing SQLite file path");
    StoreOptions options;
    options.sqlite.path = std::filesystem::path(std::string(path));
    return options;
  }
  if (url.starts_with("redis://")) return parse_redis(url.substr(8));
  return bad_url("unknown scheme");
}

Result<StoreOptions> store_options_from_config(const Config& section) {
  OMEGA_TRY(section.check_keys({"url", "username", "password", "when_down", "connect_timeout",
                                "command_timeout", "max_buffered", "retention"}));
  OMEGA_ASSIGN_OR_RETURN(std::string url, section.get<std::string>("url"));
  auto parsed = parse_store_url(url);
  if (!parsed.ok()) return std::move(parsed).error().with_context(section.location("url"));
  StoreOptions options = std::move(parsed).value();
  RedisOptions& r = options.redis;
  OMEGA_ASSIGN_OR_RETURN(r.username, section.get_or<std::string>("username", r.username));
  OMEGA_ASSIGN_OR_RETURN(r.password, section.get_or<std::string>("password", r.password));
  OMEGA_ASSIGN_OR_RETURN(std::string when_down, section.get_or<std::string>("when_down", "halt"));
  if (when_down == "halt") {
    r.when_down = WhenDown::kHalt;
  } else if (when_down == "buffer") {
    r.when_down = WhenDown::kBuffer;
  } else {
    return section.invalid("when_down", "must be halt or buffer");
  }
  OMEGA_ASSIGN_OR_RETURN(r.connect_timeout, ms_or(section, "connect_timeout", r.connect_timeout));
  OMEGA_ASSIGN_OR_RETURN(r.command_timeout, ms_or(section, "command_timeout", r.command_timeout));
  OMEGA_ASSIGN_OR_RETURN(std::int64_t max_buffered,
                         section.get_or<std::int64_t>("max_buffered", 100'000));
  if (max_buffered < 0) return section.invalid("max_buffered", "must not be negative");
  r.max_buffered = static_cast<std::size_t>(max_buffered);
  return options;
}

std::string describe(const StoreOptions& options) {
  if (options.backend == StoreOptions::Backend::kSqlite) {
    return fmt::format("sqlite:{}", options.sqlite.path.string());
  }
  const RedisOptions& r = options.redis;
  std::string auth;
  if (!r.username.empty())
    auth = r.username + ":***@";
  else if (!r.password.empty())
    auth = "***@";
  return fmt::format("redis://{}{}:{}/{} (prefix {}, when down: {})", auth, r.host, r.port, r.db,
                     r.key_prefix, to_string(r.when_down));
}

}  // namespace omega::store
