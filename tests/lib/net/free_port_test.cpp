// Free ports come from below the ephemeral range, where no connect() is given them.
#include "net/free_port.hpp"

#include <gtest/gtest.h>

#include <set>

namespace iotboot::net {
namespace {

TEST(FreePort, IsBelowTheEphemeralRangeAndBindable) {
  const std::uint16_t limit = first_ephemeral_port();
  ASSERT_GT(limit, 11000) << "this machine's ephemeral range leaves no room below it";
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 50; ++i) {
    const std::uint16_t tcp = free_tcp_port(), udp = free_udp_port();
    EXPECT_GE(tcp, 10000);
    EXPECT_LT(tcp, limit);
    EXPECT_GE(udp, 10000);
    EXPECT_LT(udp, limit);
    seen.insert(tcp);
  }
  EXPECT_GT(seen.size(), 40u);  // picked at random, not one port over and over
}

}  // namespace
}  // namespace iotboot::net
