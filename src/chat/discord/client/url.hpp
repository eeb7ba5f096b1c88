// Provides Url: the parts of an http(s):// or ws(s):// URL the Discord transports connect with.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega::chat::discord {

// A parsed URL: "wss://gateway.discord.gg/?v=10" -> {wss, gateway.discord.gg, 443, /?v=10}.
struct Url {
  std::string scheme;  // http, https, ws, wss
  std::string host;
  std::string port;    // "443" when the URL gives none and the scheme is secure, else "80"
  std::string target;  // path and query, at least "/"

  bool tls() const { return scheme == "https" || scheme == "wss"; }
};

// Parses `text`; kParse naming the URL for another scheme, no host, or a bad port.
Result<Url> parse_url(std::string_view text);

}  // namespace omega::chat::discord
