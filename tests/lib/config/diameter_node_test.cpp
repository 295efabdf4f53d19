#include "config/diameter_node.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "config/yaml.hpp"

namespace iotboot::diameter {
namespace {

TEST(NodeConfig, ReadsTheDiameterSection) {
  const YAML::Node y = YAML::Load(R"(
diameter:
  origin_host: hss.iotboot.test
  origin_realm: iotboot.test
  listen: {address: 127.0.0.1, port: 3868}
  watchdog_ms: 6000
  request_timeout_ms: 1500
  peers:
    - {host: mme.iotboot.test, realm: iotboot.test, connect: false}
    - {host: scef.iotboot.test, realm: iotboot.test, address: 10.0.0.2, port: 3869}
)");
  const NodeConfig c = parse_node_config(y["diameter"]);
  EXPECT_EQ(c.origin_host, "hss.iotboot.test");
  EXPECT_TRUE(c.listen);
  EXPECT_EQ(c.listen_port, 3868);
  EXPECT_EQ(c.watchdog_interval, std::chrono::milliseconds(6000));
  EXPECT_EQ(c.request_timeout, std::chrono::milliseconds(1500));
  ASSERT_EQ(c.peers.size(), 2u);
  EXPECT_FALSE(c.peers[0].connect);
  EXPECT_EQ(c.peers[1].address, "10.0.0.2");
  EXPECT_EQ(c.peers[1].port, 3869);
  EXPECT_TRUE(c.peers[1].connect);
}

std::string error_of(const char* yaml) {
  try {
    parse_node_config(YAML::Load(yaml)["diameter"]);
  } catch (const iotboot::config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(NodeConfig, NamesTheBadKey) {
  EXPECT_EQ(error_of("diameter: {origin_realm: r.test}"), "diameter.origin_host: required");
  EXPECT_EQ(error_of("diameter: {origin_host: a_b, origin_realm: r.test}"),
            "diameter.origin_host: not a valid Diameter identity: character not allowed in a host name at position 2");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, listen: {port: 70000}}"),
            "diameter.listen.port: not a port number");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, watchdog_ms: 0}"),
            "diameter.watchdog_ms: must be positive");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test}]}"),
            "diameter.peers[0].realm: required");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test, realm: r.test}, "
                     "{host: b.test, realm: r.test}]}"),
            "diameter.peers[1].host: listed twice");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, watchdog_ms: soon}"),
            "diameter.watchdog_ms: wrong type");
  EXPECT_EQ(error_of("other: 1"), "diameter: missing section");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test, realm: r.test, "
                     "requests: [s6a, gx]}]}"),
            "diameter.peers[0].requests[1]: expected an application (s6a, s6t, t6a) or application:command (s6a:air)");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test, realm: r.test, "
                     "requests: s6a}]}"),
            "diameter.peers[0].requests: must be a list");
}

// Who may send what: each peer lists the requests it may send (by name or number).
TEST(NodeConfig, ReadsEachPeersRequestsAndPinning) {
  const YAML::Node y = YAML::Load(R"(
diameter:
  origin_host: scef.iotboot.test
  origin_realm: iotboot.test
  peers:
    - {host: hss.iotboot.test, realm: iotboot.test, requests: [S6t], pin_address: true, address: 10.0.0.1}
    - {host: mme.iotboot.test, realm: iotboot.test, requests: ["t6a:RIR", "16777251:318"]}
    - {host: other.iotboot.test, realm: iotboot.test}
)");
  const NodeConfig c = parse_node_config(y["diameter"]);
  ASSERT_EQ(c.peers.size(), 3u);
  EXPECT_EQ(c.peers[0].requests, std::vector<RequestPermission>{RequestPermission(16777345)});
  EXPECT_TRUE(c.peers[0].pin_address);
  EXPECT_TRUE(c.peers[0].may_request(16777345, 8388719));
  EXPECT_FALSE(c.peers[0].may_request(16777346));
  EXPECT_EQ(c.peers[1].requests,
            (std::vector<RequestPermission>{RequestPermission(16777346, 8388719), RequestPermission(16777251, 318)}));
  EXPECT_TRUE(c.peers[1].may_request(16777251, 318));
  EXPECT_FALSE(c.peers[1].may_request(16777251, 319));
  EXPECT_FALSE(c.peers[1].pin_address);
  EXPECT_TRUE(c.peers[2].requests.empty());
  EXPECT_FALSE(c.peers[2].may_request(16777251));
}

}  // namespace
}  // namespace iotboot::diameter
