#include "chat/discord/client/tls.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <openssl/err.h>
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

bool expect_server(ssl_st* ssl, const std::string& host) {
  if (host.empty()) return false;
  if (is_ip_literal(host)) {
    // No SNI for an address; the certificate must name it as an IP SAN.
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  }
  // SSL_set_tlsext_host_name is a macro over SSL_ctrl with a C cast; this is the same call.
  if (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               static_cast<void*>(const_cast<char*>(host.c_str()))) != 1) {
    return false;
  }
  return SSL_set1_host(ssl, host.c_str()) == 1;
}

std::string add_ca_file(ssl_ctx_st* ctx, const std::string& file) {
  if (!std::ifstream(file).good()) {
    return fmt::format("cannot read the CA file {} (ca_file): {}", file, std::strerror(errno));
  }
  ERR_clear_error();
  if (SSL_CTX_load_verify_locations(ctx, file.c_str(), nullptr) != 1) {
    const unsigned long err = ERR_get_error();
    const char* reason = err != 0 ? ERR_reason_error_string(err) : nullptr;
    return fmt::format("the CA file {} (ca_file) is not a PEM certificate: {}", file,
                       reason != nullptr ? reason : "no certificate found");
  }
  return {};
}

std::string tls_failure(std::string_view host, std::string_view port, std::string_view error,
                        ssl_st* ssl) {
  const long verify = ssl == nullptr ? X509_V_OK : SSL_get_verify_result(ssl);
  if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    return fmt::format(
        "TLS handshake with {}:{} failed: the server's certificate does not name {} ({})", host,
        port, host, X509_verify_cert_error_string(verify));
  }
  if (verify != X509_V_OK) {
    return fmt::format(
        "TLS handshake with {}:{} failed: certificate not trusted: {} (the server's certificate "
        "does not chain to a trusted CA; for a private CA set discord.ca_file)",
        host, port, X509_verify_cert_error_string(verify));
  }
  return fmt::format("TLS handshake with {}:{} failed: {}", host, port, error);
}

}  // namespace omega::chat::discord
