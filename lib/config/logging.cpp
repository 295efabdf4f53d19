#include "config/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config/yaml.hpp"

namespace iotboot::config {

void setup_logging(const YAML::Node& doc) {
  // A network function logs to standard output (the command-line tools keep standard output
  // for their results and log to standard error).
  if (!spdlog::get("nf")) spdlog::set_default_logger(spdlog::stdout_color_mt("nf"));
  const Section log = Section::root(doc).section("log", false);
  const std::string level = log.text("level", "info");
  const auto l = spdlog::level::from_str(level);
  if (l == spdlog::level::off && level != "off") throw ConfigError("log.level: unknown level");
  spdlog::set_level(l);
}

}  // namespace iotboot::config
