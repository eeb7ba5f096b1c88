// Provides the TLS details both Discord connections share: SNI set through a typed call, and a
// clear message for a failed handshake (which certificate check failed, and what to do).
#pragma once

#include <string>
#include <string_view>

struct ssl_st;      // OpenSSL's SSL; the OpenSSL headers stay in the .cpp files
struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace omega::chat::discord {

// Prepares a client connection to `host`: SNI set to it (not for an IP literal: RFC 6066 allows
// host names only) and the peer certificate required to name it (DNS or IP SAN), checked by
// OpenSSL during the handshake. Returns false when OpenSSL refuses the name.
bool expect_server(ssl_st* ssl, const std::string& host);

// Adds the CA certificates of the PEM file `file` to the trusted ones of `ctx`; returns "" or
// why not ("cannot read the CA file F (ca_file): No such file or directory", "… is not a PEM
// certificate: …").
std::string add_ca_file(ssl_ctx_st* ctx, const std::string& file);

// Returns "TLS handshake with HOST:PORT failed: REASON", where REASON names the certificate
// problem (e.g. "certificate not trusted: self-signed certificate") with the fix (a ca_file),
// or the transport's `error` when the certificate was not the problem.
std::string tls_failure(std::string_view host, std::string_view port, std::string_view error,
                        ssl_st* ssl);

}  // namespace omega::chat::discord
