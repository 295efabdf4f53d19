// TLS contexts: the Key API's (docs/bootstrap.md: TLS 1.3 only) and Diameter's (docs/diameter.md:
// TLS 1.2 and 1.3, RFC 6733 §13), both with mutual authentication against a configured CA and
// the peer's identity taken from its certificate's DNS subjectAltName.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

namespace iotboot::net {

namespace ssl = boost::asio::ssl;

// Server: presents certificate/key; asks for a client certificate signed by `ca` but lets the
// handshake finish without one (the API answers 401 then).
ssl::context make_server_tls(const std::string& certificate_pem, const std::string& key_pem, const std::string& ca_pem);
// Client: presents certificate/key, verifies the server against `ca` (and its name, by the
// caller setting SNI/host verification).
ssl::context make_client_tls(const std::string& certificate_pem, const std::string& key_pem, const std::string& ca_pem);

// Either end of a connection between peers (Diameter): presents certificate/key and requires
// the other end's certificate, signed by `ca`, in both roles; TLS 1.2 at least, at most
// max_version (TLS1_2_VERSION or TLS1_3_VERSION). Plaintext is cleansed from OpenSSL's
// buffers once read.
ssl::context make_peer_tls(const std::string& certificate_pem, const std::string& key_pem, const std::string& ca_pem,
                           int max_version);

// The TLS material is read once, at start: each of these throws std::runtime_error with one line
// naming the file and what is wrong with it (missing, unreadable, not PEM, key not the
// certificate's).

// The DNS names in a certificate's subjectAltName.
std::vector<std::string> dns_names(X509* certificate);
// `host` is one of the certificate's DNS subjectAltNames, compared whole (case-insensitively):
// no wildcard, no partial label, never the subject's common name.
bool names_host(X509* certificate, std::string_view host);
// Names from a certificate, for a log line: printable ASCII kept, anything else '?', at most
// 255 characters each, comma-separated.
std::string printable_names(const std::vector<std::string>& names);

}  // namespace iotboot::net
