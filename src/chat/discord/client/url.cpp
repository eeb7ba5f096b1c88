#include "chat/discord/client/url.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace omega::chat::discord {

Result<Url> parse_url(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error(ErrorCode::kParse, fmt::format("URL '{}': {}", text, why));
  };
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos)
    return bad("missing scheme (http://, https://, ws://, wss://)");
  Url u;
  u.scheme = std::string(text.substr(0, colon));
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (u.scheme != "http" && u.scheme != "https" && u.scheme != "ws" && u.scheme != "wss") {
    return bad("unsupported scheme");
  }
  std::string_view rest = text.substr(colon + 3);
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!u.target.empty() && u.target[0] == '?') u.target.insert(0, "/");
  const std::size_t port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos) {
    u.port = std::string(authority.substr(port_colon + 1));
    authority = authority.substr(0, port_colon);
    if (u.port.empty() || u.port.size() > 5 ||
        !std::all_of(u.port.begin(), u.port.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
      return bad("bad port");
    }
  } else {
    u.port = u.tls() ? "443" : "80";
  }
  if (authority.empty()) return bad("no host");
  u.host = std::string(authority);
  return u;
}

}  // namespace omega::chat::discord
