#include "config/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>

#include "config/json_log_formatter.hpp"
#include "config/yaml.hpp"
#include "core/log_event.hpp"

namespace iotboot::config {
namespace {
bool json_log = false;  // set once, before the NF starts its threads
}  // namespace

void setup_logging(const YAML::Node& doc, const std::string& nf) {
  const Section log = Section::root(doc).section("log", false);
  const std::string level = log.text("level", "info");
  const auto l = spdlog::level::from_str(level);
  if (l == spdlog::level::off && level != "off") throw ConfigError("log.level: unknown level");
  const std::string format = log.text("format", "text");
  if (format != "text" && format != "json") throw ConfigError("log.format: must be text or json");
  // A network function logs to standard output (the command-line tools keep standard output
  // for their results and log to standard error).
  if (!spdlog::get("nf")) spdlog::set_default_logger(spdlog::stdout_color_mt("nf"));
  json_log = format == "json";
  if (json_log) {
    spdlog::default_logger()->set_formatter(std::make_unique<JsonLogFormatter>(nf));
  } else {
    spdlog::default_logger()->set_formatter(std::make_unique<spdlog::pattern_formatter>());
  }
  spdlog::set_level(l);
}

void print_summary(std::string_view nf, const std::string& text) {
  const std::string line = "SUMMARY " + std::string(nf) + " " + text;
  if (!json_log) {
    std::cout << line << std::endl;
    return;
  }
  const logs::Event summary{"summary", {}};
  const logs::EventScope scope(summary);
  spdlog::memory_buf_t out;
  JsonLogFormatter(std::string(nf)).format(spdlog::details::log_msg("nf", spdlog::level::info, line), out);
  std::cout << std::string_view(out.data(), out.size()) << std::flush;
}

}  // namespace iotboot::config
