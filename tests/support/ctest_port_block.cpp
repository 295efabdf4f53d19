#include "support/ctest_port_block.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/free_port.hpp"

namespace iotboot::test {

void claim_ctest_port_block() {
  const char* given = std::getenv("CTEST_RESOURCE_GROUP_0_PORTS");
  if (given == nullptr) return;
  const std::string_view text(given);
  unsigned id = kCtestPortBlocks;
  if (text.starts_with("id:")) std::from_chars(text.data() + 3, text.data() + text.size(), id);
  if (id >= kCtestPortBlocks) {
    std::fprintf(stderr, "CTEST_RESOURCE_GROUP_0_PORTS=%s: not one of the %u port blocks\n", given, kCtestPortBlocks);
    std::exit(2);
  }
  const unsigned size = (net::kBlockPorts.high - net::kBlockPorts.low) / kCtestPortBlocks;
  const unsigned low = net::kBlockPorts.low + id * size;
  const std::string range = std::to_string(low) + "-" + std::to_string(low + size);
  setenv("IOTBOOT_PORT_RANGE", range.c_str(), 1);
}

}  // namespace iotboot::test
