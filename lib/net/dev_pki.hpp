// A development PKI for labs and tests (`iotboot certs`): a CA, the SCEF's server certificate
// and one client certificate per application server, each AS identified by its DNS
// subjectAltName. EC P-256 keys, SHA-256 signatures, made with OpenSSL's API.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace iotboot::net {

struct DevPkiFiles {
  std::filesystem::path ca_certificate;
  std::filesystem::path scef_certificate, scef_key;
  // as_ids[i] → <dir>/<as_id>.pem and .key
  std::vector<std::filesystem::path> as_certificates, as_keys;
};

// Writes ca.pem, ca.key, scef.pem, scef.key and <as_id>.pem/.key into dir (keys mode 0600).
// The SCEF certificate names scef_host and 127.0.0.1. Throws std::runtime_error.
DevPkiFiles make_dev_pki(const std::filesystem::path& dir, const std::string& scef_host,
                         const std::vector<std::string>& as_ids, int days = 825);

}  // namespace iotboot::net
