// A development PKI for labs and tests (`iotboot certs`): a CA, the SCEF's server certificate,
// one client certificate per application server and one certificate per Diameter identity
// (Diameter over TLS), each identified by its DNS subjectAltName. EC P-256 keys, SHA-256 signatures, made with
// OpenSSL's API.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iotboot::net {

struct DevPkiFiles {
  std::filesystem::path ca_certificate;
  std::filesystem::path ca_key;  // <dir>/private/ca.key: needed by no NF, kept apart
  std::filesystem::path scef_certificate, scef_key;
  // as_ids[i] → <dir>/<as_id>.pem and .key
  std::vector<std::filesystem::path> as_certificates, as_keys;
  // diameter_ids[i] → <dir>/<origin host>.pem and .key
  std::vector<std::filesystem::path> diameter_certificates, diameter_keys;
  std::vector<std::string> notes;  // key files whose wider mode was narrowed
};

// Writes ca.pem, scef.pem, scef.key, <as_id>.pem/.key and <diameter_id>.pem/.key into dir, and the CA's own key into
// dir/private/ca.key (a 0700 directory). Keys are mode 0600 and never written through a symbolic
// link (PrivateFileError). The SCEF certificate names scef_host and 127.0.0.1. Throws
// std::runtime_error. A Diameter identity's certificate (an NF's Origin-Host as its only DNS
// subjectAltName) serves both ends of a connection: serverAuth and clientAuth.
DevPkiFiles make_dev_pki(const std::filesystem::path& dir, const std::string& scef_host,
                         const std::vector<std::string>& as_ids, const std::vector<std::string>& diameter_ids = {},
                         int days = 825);

}  // namespace iotboot::net
