#include "chat/discord/client/tls.hpp"

#include <array>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

namespace omega::chat::discord {

namespace {

bool is_ip_literal(const std::string& host) {
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

}  // namespace

bool set_server_name(ssl_st* ssl, const std::string& host) {
  if (host.empty() || is_ip_literal(host)) return true;
  // SSL_set_tlsext_host_name is a macro over SSL_ctrl with a C cast; this is the same call.
  return SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  static_cast<void*>(const_cast<char*>(host.c_str()))) == 1;
}

std::string tls_failure(std::string_view host, std::string_view port, std::string_view error,
                        ssl_st* ssl) {
  const long verify = ssl == nullptr ? X509_V_OK : SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    return fmt::format(
        "TLS handshake with {}:{} failed: certificate not trusted: {} (the server's certificate "
        "does not chain to a trusted CA or does not name {}; for a private CA set discord.ca_file)",
        host, port, X509_verify_cert_error_string(verify), host);
  }
  return fmt::format("TLS handshake with {}:{} failed: {}", host, port, error);
}

}  // namespace omega::chat::discord
