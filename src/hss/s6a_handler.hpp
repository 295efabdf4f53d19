// S6a at the HSS (seed steps 3-5): an AIR becomes vectors from the AuthService and an AIA,
// or the S6a error TS 29.272 names.
#pragma once

#include "diameter/node/node.hpp"
#include "hss/auth_service.hpp"
#include "hss/hss_config.hpp"

namespace iotboot::hss {

void serve_s6a(diameter::Node& node, AuthService& auth, const HssConfig& config);

}  // namespace iotboot::hss
