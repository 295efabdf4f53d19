// Prometheus' own checker (Debian's prometheus package, scripts/deps.sh test) on what iotboot
// exposes: `promtool check metrics` (the text format and the naming conventions) and
// `promtool check rules`.
#pragma once

#include <string>

#include "support/process.hpp"

namespace iotboot::test {

inline const std::string kPromtool = "/usr/bin/promtool";
inline const std::string kPrometheus = "/usr/bin/prometheus";

// Exit status 0 and no output when the exposition is clean; the problems otherwise.
ProcessResult promtool_check_metrics(const std::string& exposition);
ProcessResult promtool_check_rules(const std::string& file);

}  // namespace iotboot::test
