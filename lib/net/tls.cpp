#include "net/tls.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace iotboot::net {
namespace {

std::string openssl_reason() {
  const unsigned long e = ERR_peek_last_error();
  ERR_clear_error();
  const char* reason = e != 0 ? ERR_reason_error_string(e) : nullptr;
  return reason != nullptr ? reason : "unknown error";
}

void readable(const std::string& path, const char* what) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(std::string(what) + " " + path + ": cannot read: " + std::strerror(errno));
}

// Certificate chain, private key and CA, each checked with an error naming its file.
void load(SSL_CTX* ctx, const std::string& certificate_pem, const std::string& key_pem, const std::string& ca_pem) {
  readable(certificate_pem, "certificate");
  readable(key_pem, "private key");
  readable(ca_pem, "CA");
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, certificate_pem.c_str()) != 1)
    throw std::runtime_error("certificate " + certificate_pem + ": not a PEM certificate (" + openssl_reason() + ")");
  if (SSL_CTX_use_PrivateKey_file(ctx, key_pem.c_str(), SSL_FILETYPE_PEM) != 1) {
    const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
    const std::string reason = openssl_reason();
    if (mismatch)
      throw std::runtime_error("private key " + key_pem + ": not the key of certificate " + certificate_pem);
    throw std::runtime_error("private key " + key_pem + ": not a PEM private key (" + reason + ")");
  }
  if (SSL_CTX_check_private_key(ctx) != 1)
    throw std::runtime_error("private key " + key_pem + ": not the key of certificate " + certificate_pem);
  if (SSL_CTX_load_verify_locations(ctx, ca_pem.c_str(), nullptr) != 1)
    throw std::runtime_error("CA " + ca_pem + ": not a PEM certificate (" + openssl_reason() + ")");
}

void common(ssl::context& ctx, const std::string& certificate_pem, const std::string& key_pem,
            const std::string& ca_pem) {
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_3_VERSION);
  // A Key API answer carries Ks_AS: OpenSSL must not keep the deciphered record in its read
  // buffer once it has been handed over.
  SSL_CTX_set_options(ctx.native_handle(), SSL_OP_CLEANSE_PLAINTEXT);
  load(ctx.native_handle(), certificate_pem, key_pem, ca_pem);
}

}  // namespace

ssl::context make_server_tls(const std::string& certificate_pem, const std::string& key_pem,
                             const std::string& ca_pem) {
  ssl::context ctx(ssl::context::tls_server);
  common(ctx, certificate_pem, key_pem, ca_pem);
  ctx.set_verify_mode(ssl::verify_peer);  // not fail_if_no_peer_cert: no certificate → 401
  // The CA names sent in CertificateRequest, so that clients pick the right certificate.
  SSL_CTX_set_client_CA_list(ctx.native_handle(), SSL_load_client_CA_file(ca_pem.c_str()));
  return ctx;
}

ssl::context make_client_tls(const std::string& certificate_pem, const std::string& key_pem,
                             const std::string& ca_pem) {
  ssl::context ctx(ssl::context::tls_client);
  common(ctx, certificate_pem, key_pem, ca_pem);
  ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return ctx;
}

ssl::context make_peer_tls(const std::string& certificate_pem, const std::string& key_pem, const std::string& ca_pem,
                           int max_version) {
  ssl::context ctx(ssl::context::tls);
  SSL_CTX* c = ctx.native_handle();
  SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
  SSL_CTX_set_max_proto_version(c, max_version);
  // S6a, S6t and T6a carry KASME and Ks: the deciphered records are wiped once handed over,
  // as the connection wipes its own buffers.
  SSL_CTX_set_options(c, SSL_OP_CLEANSE_PLAINTEXT | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  // No resumption: every connection, a reconnection too, authenticates both certificates in
  // full (and no ticket key or cached session outlives it).
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(c, 0);
  load(c, certificate_pem, key_pem, ca_pem);
  ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  SSL_CTX_set_client_CA_list(c, SSL_load_client_CA_file(ca_pem.c_str()));
  return ctx;
}

std::vector<std::string> dns_names(X509* certificate) {
  std::vector<std::string> out;
  if (certificate == nullptr) return out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type != GEN_DNS) continue;
    const unsigned char* data = ASN1_STRING_get0_data(n->d.dNSName);
    out.emplace_back(reinterpret_cast<const char*>(data), static_cast<std::size_t>(ASN1_STRING_length(n->d.dNSName)));
  }
  GENERAL_NAMES_free(names);
  return out;
}

bool names_host(X509* certificate, std::string_view host) {
  if (certificate == nullptr || host.empty()) return false;
  return X509_check_host(certificate, host.data(), host.size(),
                         X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_WILDCARDS, nullptr) == 1;
}

std::string printable_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    for (std::size_t i = 0; i < name.size() && i < 255; ++i) {
      const char ch = name[i];
      out += ch >= 0x20 && ch < 0x7f ? ch : '?';
    }
  }
  return out.empty() ? std::string("(none)") : out;
}

}  // namespace iotboot::net
