// What the SCEF is told over Diameter (seed steps 5.1 and 10.1): the HSS's KeySets over S6t
// (s6t_server.cpp) and the MME's authentication results over T6a (t6a_server.cpp), each
// acknowledged (RIA) only once committed.
#pragma once

#include <chrono>
#include <memory>

#include "core/unix_clock.hpp"
#include "diameter/node/node.hpp"
#include "scef/bootstrap_store.hpp"

namespace iotboot::scef {

void serve_s6t(diameter::Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds default_lifetime,
               UnixClock clock);
void serve_t6a(diameter::Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds lifetime,
               UnixClock clock);

}  // namespace iotboot::scef
