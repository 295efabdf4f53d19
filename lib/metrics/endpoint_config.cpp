#include "metrics/endpoint_config.hpp"

#include "config/yaml.hpp"

namespace iotboot::metrics {

std::optional<EndpointConfig> parse_endpoint_config(const YAML::Node& doc) {
  const config::Section root = config::Section::root(doc);
  if (!root.has("metrics")) return std::nullopt;
  const config::Section m = root.section("metrics");
  EndpointConfig c;
  c.address = m.text("address", c.address);
  // No default port: NFs sharing a host would otherwise collide on it.
  if (!m.has("port")) throw config::ConfigError(m.path("port") + ": required");
  c.port = m.port("port", c.port);
  return c;
}

}  // namespace iotboot::metrics
