#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/yaml.hpp"
#include "crypto/kek_source.hpp"
#include "diameter/node/config.hpp"
#include "net/https_server.hpp"
#include "scef/mme_directory.hpp"
#include "store/durability.hpp"
#include "store/location.hpp"

namespace iotboot::scef {

struct KeyApiConfig {
  bool enabled = true;
  std::string address = "127.0.0.1";
  std::uint16_t port = 8443;
  std::string certificate;              // PEM: the SCEF's server certificate (chain)
  std::string private_key;              // PEM
  std::string ca;                       // PEM: the CA that signs AS client certificates
  std::vector<std::string> allowed_as;  // AS identities (DNS subjectAltName) allowed to ask
  net::HttpsLimits limits;              // connections at once (in all, per address) and deadlines
  // Requests per second and burst per AS identity (0: no limit); past it, 429 with Retry-After.
  double requests_per_s = 0;
  double burst = 0;
  // Files (64 hex digits, owner-only) of the secret deviceId pseudonyms are derived under, and
  // of the one it replaces while a rotation lasts (docs/application-servers.md). Empty: no
  // pseudonyms, a deviceId only where an External-Identifier is provisioned.
  std::string device_id_secret_file;
  std::string previous_device_id_secret_file;
};

struct ScefConfig {
  diameter::NodeConfig diameter;
  store::Location store = store::Location::sqlite("var/scef.db");
  store::Durability durability = store::Durability::full;  // SQLite only
  std::optional<crypto::KekSettings> key_encryption;       // nullopt: the environment's, if any
  std::chrono::seconds key_lifetime{86400};                // when the HSS gives none (24 h)
  std::chrono::seconds purge_interval{60};
  KeyApiConfig api;
  // Pull mode (solution #11): the MME to ask for a GUTI's Ks, by the GUTI's GUMMEI, and how long
  // to wait for its answer.
  std::vector<MmeRoute> mmes;
  std::chrono::milliseconds ks_fetch_timeout{500};
};

ScefConfig parse_scef_config(const YAML::Node& doc);

}  // namespace iotboot::scef
