// Free ports come from below the ephemeral range, where no connect() is given them, never twice
// from one process, and from the range IOTBOOT_PORT_RANGE names (a block per test under ctest).
#include "net/free_port.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "support/ctest_port_block.hpp"

namespace iotboot::net {
namespace {

// Sets (or unsets) an environment variable for one test, then puts back what ctest gave.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* was = std::getenv(name)) was_ = was;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (was_) {
      setenv(name_, was_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> was_;
};

TEST(FreePort, IsBelowTheEphemeralRangeAndBindable) {
  const ScopedEnv shared("IOTBOOT_PORT_RANGE", nullptr);
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

// Two NFs of one lab are given their ports before either binds: the process must not hand out
// one port twice (a lab once failed with "bind: Address already in use").
TEST(FreePort, IsNeverHandedOutTwiceByOneProcess) {
  const ScopedEnv narrow("IOTBOOT_PORT_RANGE", "20000-20100");
  std::set<std::uint16_t> seen;
  for (int i = 0; i < 40; ++i) {
    EXPECT_TRUE(seen.insert(free_tcp_port()).second);
    EXPECT_TRUE(seen.insert(free_udp_port()).second);
  }
}

TEST(FreePort, ComesFromTheRangeTheEnvironmentNames) {
  const ScopedEnv narrow("IOTBOOT_PORT_RANGE", "21000-21030");
  EXPECT_EQ(free_port_range().low, 21000);
  EXPECT_EQ(free_port_range().high, 21030);
  for (int i = 0; i < 10; ++i) {
    const std::uint16_t p = free_tcp_port();
    EXPECT_GE(p, 21000);
    EXPECT_LT(p, 21030);
  }
}

TEST(FreePort, AMalformedRangeIsRefusedByName) {
  for (const char* bad :
       {"21000", "21000-", "-21000", "x-y", "21000-21000", "22000-21000", "80-90", "30000-70000", "21000-21010x"}) {
    const ScopedEnv set("IOTBOOT_PORT_RANGE", bad);
    try {
      free_tcp_port();
      ADD_FAILURE() << bad << " was taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("IOTBOOT_PORT_RANGE"), std::string::npos) << e.what();
    }
  }
}

// Block N of ctest's "ports" resource is the Nth eighth of kBlockPorts.
TEST(FreePort, CtestsBlockBecomesTheRange) {
  const ScopedEnv range("IOTBOOT_PORT_RANGE", nullptr);
  const ScopedEnv block("CTEST_RESOURCE_GROUP_0_PORTS", "id:3,slots:1");
  test::claim_ctest_port_block();
  ASSERT_NE(std::getenv("IOTBOOT_PORT_RANGE"), nullptr);
  EXPECT_STREQ(std::getenv("IOTBOOT_PORT_RANGE"), "16000-18000");
}

}  // namespace
}  // namespace iotboot::net
