// TLS contexts for the Key API (docs/bootstrap.md): TLS 1.3 only, mutual authentication against a
// configured CA, and the peer's identity taken from its certificate's DNS subjectAltName.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <string>
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

// The DNS names in a certificate's subjectAltName.
std::vector<std::string> dns_names(X509* certificate);

}  // namespace iotboot::net
