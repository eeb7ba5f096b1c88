// Provides the TLS details both Discord connections share: SNI set through a typed call, and a
// clear message for a failed handshake (which certificate check failed, and what to do).
#pragma once

#include <string>
#include <string_view>

struct ssl_st;  // OpenSSL's SSL; the OpenSSL headers stay in the .cpp files

namespace omega::chat::discord {

// Sets the TLS server name (SNI) of `ssl` to `host`. An IP literal is not sent (RFC 6066 allows
// host names only); returns false when OpenSSL refuses the name.
bool set_server_name(ssl_st* ssl, const std::string& host);

// Returns "TLS handshake with HOST:PORT failed: REASON", where REASON names the certificate
// problem (e.g. "certificate not trusted: self-signed certificate") with the fix (a ca_file),
// or the transport's `error` when the certificate was not the problem.
std::string tls_failure(std::string_view host, std::string_view port, std::string_view error,
                        ssl_st* ssl);

}  // namespace omega::chat::discord
