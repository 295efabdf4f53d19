#pragma once

#include <yaml-cpp/yaml.h>

namespace iotboot::config {

// `log: {level: trace|debug|info|warn|error|off}` (default info). Key material never reaches a
// log at any level: messages carry identities and counts only.
void setup_logging(const YAML::Node& doc);

}  // namespace iotboot::config
