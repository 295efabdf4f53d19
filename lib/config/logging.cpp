#include "config/logging.hpp"

#include <spdlog/spdlog.h>

#include "config/yaml.hpp"

namespace iotboot::config {

void setup_logging(const YAML::Node& doc) {
  const Section log = Section::root(doc).section("log", false);
  const std::string level = log.text("level", "info");
  const auto l = spdlog::level::from_str(level);
  if (l == spdlog::level::off && level != "off") throw ConfigError("log.level: unknown level");
  spdlog::set_level(l);
}

}  // namespace iotboot::config
