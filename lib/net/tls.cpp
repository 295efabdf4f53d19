#include "net/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace iotboot::net {
namespace {

void common(ssl::context& ctx, const std::string& certificate_pem, const std::string& key_pem,
            const std::string& ca_pem) {
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_3_VERSION);
  // A Key API answer carries Ks_AS: OpenSSL must not keep the deciphered record in its read
  // buffer once it has been handed over.
  SSL_CTX_set_options(ctx.native_handle(), SSL_OP_CLEANSE_PLAINTEXT);
  ctx.use_certificate_chain_file(certificate_pem);
  ctx.use_private_key_file(key_pem, ssl::context::pem);
  ctx.load_verify_file(ca_pem);
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

}  // namespace iotboot::net
