// The `diameter:` section of an NF's configuration, read into the Diameter node's settings
// (lib/diameter/node/config.hpp). Kept here, with the other YAML reading, so that the
// protocol library does not depend on the configuration format.
#pragma once

#include <yaml-cpp/yaml.h>

#include "diameter/node/config.hpp"

namespace iotboot::diameter {

// Errors (config::ConfigError) name the key: "diameter.peers[1].port: ...".
NodeConfig parse_node_config(const YAML::Node& diameter);

}  // namespace iotboot::diameter
