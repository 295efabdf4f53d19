// Under ctest with tests/ctest_resources.json each running test holds one "ports" resource, named
// by ctest in CTEST_RESOURCE_GROUP_0_PORTS ("id:N,slots:1"). Block N of net::kBlockPorts becomes
// this process's IOTBOOT_PORT_RANGE, which the programs it starts inherit: tests run side by side
// then never pick the same free port (net/free_port.hpp).
#pragma once

namespace iotboot::test {

inline constexpr unsigned kCtestPortBlocks = 8;  // the ids of tests/ctest_resources.json

// Sets IOTBOOT_PORT_RANGE from ctest's resource, if ctest gave one; exits with a one-line error if
// the resource is not one of the blocks.
void claim_ctest_port_block();

}  // namespace iotboot::test
