#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace iotboot::config {

// `log: {level: trace|debug|info|warn|error|off, format: text|json}` (defaults info, text), on
// standard output. `nf` names the process's NF in JSON lines (json_log_formatter.hpp). Key
// material never reaches a log at any level: messages carry identities and counts only.
void setup_logging(const YAML::Node& doc, const std::string& nf);

// The line an NF prints as it exits ("SUMMARY hss AIRs=..."), whatever the level: as text, or
// as a JSON line of event "summary" when the log is JSON (every line of the output parses).
void print_summary(std::string_view nf, const std::string& text);

}  // namespace iotboot::config
