// The `metrics:` section of every NF's configuration: where its operations listener (/metrics,
// /healthz, /readyz) listens. Without the section the NF has none.
#pragma once

#include <yaml-cpp/yaml.h>
#include <optional>

#include "metrics/endpoint.hpp"

namespace iotboot::metrics {

// metrics: {address: 127.0.0.1, port: 9101}; a ConfigError naming the key when it is wrong.
std::optional<EndpointConfig> parse_endpoint_config(const YAML::Node& doc);

}  // namespace iotboot::metrics
