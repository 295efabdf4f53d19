#pragma once

#include <string>

#include "diameter/node/config.hpp"
#include "store/sqlite.hpp"

namespace iotboot::hss {

struct HssConfig {
  diameter::NodeConfig diameter;
  std::string db = "var/hss.db";
  store::Durability durability = store::Durability::full;
  unsigned max_vectors = 5;     // cap on Number-Of-Requested-Vectors
  std::size_t store_batch = 512;  // AIRs per store transaction at most
  // Bootstrapping (seed step 5.1): the SCEF to notify for subscribers without their own SCEF-ID.
  std::string scef_id;
  std::string scef_realm;
};

// Reads `hss:` and `diameter:` from a YAML document.
HssConfig parse_hss_config(const YAML::Node& doc);

}  // namespace iotboot::hss
