// S6t and T6a at the SCEF (seed steps 5.1 and 10.1): the HSS's KeySets and the MME's
// authentication results, each acknowledged (RIA) only once committed.
#pragma once

#include <chrono>
#include <memory>

#include "diameter/node/node.hpp"
#include "scef/bootstrap_store.hpp"

namespace iotboot::scef {

void serve_s6t(diameter::Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds default_lifetime);
void serve_t6a(diameter::Node& node, std::shared_ptr<BootstrapStore> store, std::chrono::seconds lifetime);

std::int64_t unix_now();

}  // namespace iotboot::scef
