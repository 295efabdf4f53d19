// S6a at the HSS (seed steps 3-5): an AIR becomes vectors from the AuthService and an AIA,
// or the S6a error TS 29.272 names.
#pragma once

#include "diameter/node/node.hpp"
#include "hss/auth_service.hpp"
#include "hss/hss_config.hpp"

namespace iotboot::hss {

// The handler holds the AuthService and a copy of the configuration, not the HSS: it may run
// after the HSS object is gone (the node finishes what it started).
void serve_s6a(diameter::Node& node, std::shared_ptr<AuthService> auth, const HssConfig& config);

}  // namespace iotboot::hss
