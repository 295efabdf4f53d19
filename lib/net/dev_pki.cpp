#include "net/dev_pki.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/private_file.hpp"

namespace iotboot::net {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("certificate generation: " + what); }

Pkey new_key() {
  Pkey k(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!k) fail("EC key generation");
  return k;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr || X509_add_ext(cert, ext, -1) != 1) fail("extension " + value);
  X509_EXTENSION_free(ext);
}

Cert new_cert(const std::string& cn, EVP_PKEY* key, X509* issuer, int days) {
  Cert c(X509_new());
  X509_set_version(c.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), static_cast<long>(days) * 86400);
  X509_NAME* name = X509_get_subject_name(c.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("iotboot lab"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(c.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(c.get(), key);
  return c;
}

void sign(X509* cert, EVP_PKEY* key) {
  if (X509_sign(cert, key, EVP_sha256()) == 0) fail("signature");
}

void write_cert(const std::filesystem::path& p, X509* c) {
  FILE* f = std::fopen(p.c_str(), "w");
  if (f == nullptr || PEM_write_X509(f, c) != 1) fail("cannot write " + p.string());
  std::fclose(f);
}

// Private keys: through PrivateFile (0600, never via a symbolic link, an existing file's mode
// narrowed), from a memory BIO that OpenSSL wipes when freed.
std::optional<std::string> write_key(const std::filesystem::path& p, EVP_PKEY* k) {
  BIO* mem = BIO_new(BIO_s_secmem());
  if (mem == nullptr || PEM_write_bio_PrivateKey(mem, k, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    BIO_free(mem);
    fail("cannot encode the key for " + p.string());
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(mem, &data);
  try {
    PrivateFile f(p, PrivateFile::Mode::truncate);
    f.write(std::string_view(data, static_cast<std::size_t>(n)));
    BIO_free(mem);
    return f.note();
  } catch (...) {
    BIO_free(mem);
    throw;
  }
}

}  // namespace

DevPkiFiles make_dev_pki(const std::filesystem::path& dir, const std::string& scef_host,
                         const std::vector<std::string>& as_ids, const std::vector<std::string>& diameter_ids,
                         int days) {
  std::filesystem::create_directories(dir);
  create_private_directory(dir / "private");
  DevPkiFiles files;
  const Pkey ca_key = new_key();
  const Cert ca = new_cert("iotboot lab CA", ca_key.get(), nullptr, days);
  add_ext(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_ext(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  sign(ca.get(), ca_key.get());
  files.ca_certificate = dir / "ca.pem";
  write_cert(files.ca_certificate, ca.get());
  // The CA's key signs every certificate and is needed by no NF: apart from what is handed out.
  files.ca_key = dir / "private" / "ca.key";
  if (auto note = write_key(files.ca_key, ca_key.get())) files.notes.push_back(*note);

  auto leaf = [&](const std::string& name, const std::string& san, const char* usage, const std::string& base,
                  std::filesystem::path& cert_path, std::filesystem::path& key_path) {
    const Pkey key = new_key();
    const Cert c = new_cert(name, key.get(), ca.get(), days);
    add_ext(c.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_ext(c.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_ext(c.get(), ca.get(), NID_ext_key_usage, usage);
    add_ext(c.get(), ca.get(), NID_subject_alt_name, san);
    add_ext(c.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(c.get(), ca_key.get());
    cert_path = dir / (base + ".pem");
    key_path = dir / (base + ".key");
    write_cert(cert_path, c.get());
    if (auto note = write_key(key_path, key.get())) files.notes.push_back(*note);
  };
  leaf(scef_host, "DNS:" + scef_host + ",IP:127.0.0.1", "serverAuth", "scef", files.scef_certificate, files.scef_key);
  for (const std::string& id : as_ids) {
    files.as_certificates.emplace_back();
    files.as_keys.emplace_back();
    leaf(id, "DNS:" + id, "clientAuth", id, files.as_certificates.back(), files.as_keys.back());
  }
  for (const std::string& id : diameter_ids) {
    files.diameter_certificates.emplace_back();
    files.diameter_keys.emplace_back();
    leaf(id, "DNS:" + id, "serverAuth,clientAuth", id, files.diameter_certificates.back(), files.diameter_keys.back());
  }
  return files;
}

}  // namespace iotboot::net
