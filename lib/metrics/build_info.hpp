// iotboot_build_info{version, role} 1: which program (and which NF of it) a target is, so that
// dashboards can join on it and alerts can tell versions apart during an upgrade.
#pragma once

#include <string>

#include "metrics/registry.hpp"

namespace iotboot::metrics {

// role: hss, mme, scef, as, or run (every NF in one process).
[[nodiscard]] Registration register_build_info(const std::string& role, Registry& registry = process_registry());

}  // namespace iotboot::metrics
