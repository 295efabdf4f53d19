#pragma once

#include <chrono>
#include <string>

#include "config/yaml.hpp"
#include "crypto/kek_source.hpp"
#include "diameter/node/config.hpp"
#include "provisioning/bootstrap_mode.hpp"
#include "store/durability.hpp"
#include "store/location.hpp"

namespace iotboot::hss {

struct HssConfig {
  diameter::NodeConfig diameter;
  store::Location store = store::Location::sqlite("var/hss.db");
  store::Durability durability = store::Durability::full;  // SQLite only
  std::optional<crypto::KekSettings> key_encryption;       // nullopt: the environment's, if any
  unsigned max_vectors = 5;                                // cap on Number-Of-Requested-Vectors
  std::size_t store_batch = 512;                           // AIRs per store transaction at most
  // The mode of subscribers provisioned with "default" (off without a `bootstrap:` section).
  provisioning::BootstrapMode bootstrap_mode = provisioning::BootstrapMode::off;
  // Push mode (seed step 5.1): the SCEF to notify for subscribers without their own SCEF-ID;
  // empty: any open SCEF of scef_realm (a pool on one store). scef_realm is empty without a
  // `bootstrap:` section, and then only subscribers naming their SCEF are pushed.
  std::string scef_id;
  std::string scef_realm;
  std::uint32_t key_lifetime_s = 86400;        // IoT-Key-Lifetime of each KeySet (push) or vector (pull)
  std::chrono::milliseconds s6t_timeout{500};  // the AIA waits this long at most for the RIA
};

// Reads `hss:` and `diameter:` from a YAML document.
HssConfig parse_hss_config(const YAML::Node& doc);

}  // namespace iotboot::hss
