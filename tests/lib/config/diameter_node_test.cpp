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

// Diameter over TLS: the node's material, a TLS listener beside (or instead of) the plaintext
// one, and each peer's transport, port 5868 by default for TLS.
TEST(NodeConfig, ReadsTlsMaterialListenersAndPeerTransports) {
  const YAML::Node y = YAML::Load(R"(
diameter:
  origin_host: hss.iotboot.test
  origin_realm: iotboot.test
  listen: {address: 127.0.0.1, tls_port: 5868}
  tls: {certificate: hss.pem, private_key: hss.key, ca: ca.pem, max_version: "1.2"}
  peers:
    - {host: mme.iotboot.test, realm: iotboot.test, transport: tls}
    - {host: scef.iotboot.test, realm: iotboot.test}
)");
  const NodeConfig c = parse_node_config(y["diameter"]);
  EXPECT_FALSE(c.listen);
  EXPECT_EQ(c.listen_tls_port, std::optional<std::uint16_t>(5868));
  ASSERT_TRUE(c.tls.has_value());
  EXPECT_EQ(c.tls->certificate, "hss.pem");
  EXPECT_EQ(c.tls->private_key, "hss.key");
  EXPECT_EQ(c.tls->ca, "ca.pem");
  EXPECT_FALSE(c.tls->allow_tls13);
  EXPECT_EQ(c.peers[0].transport, Transport::tls);
  EXPECT_EQ(c.peers[0].port, 5868);
  EXPECT_EQ(c.peers[1].transport, Transport::tcp);
  EXPECT_EQ(c.peers[1].port, 3868);

  const NodeConfig both = parse_node_config(YAML::Load(R"(
diameter: {origin_host: a.test, origin_realm: r.test, listen: {port: 3868, tls_port: 5869},
           tls: {certificate: a.pem, private_key: a.key, ca: ca.pem}}
)")["diameter"]);
  EXPECT_TRUE(both.listen);
  EXPECT_EQ(both.listen_port, 3868);
  EXPECT_EQ(both.listen_tls_port, std::optional<std::uint16_t>(5869));
  EXPECT_TRUE(both.tls->allow_tls13);
}

TEST(NodeConfig, TlsWithoutMaterialIsRefused) {
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test, realm: r.test, "
                     "transport: tls}]}"),
            "diameter.peers[0].transport: tls needs diameter.tls");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, listen: {tls_port: 5868}}"),
            "diameter.listen.tls_port: needs diameter.tls");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, peers: [{host: b.test, realm: r.test, "
                     "transport: sctp}]}"),
            "diameter.peers[0].transport: expected tcp or tls");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, tls: {certificate: a.pem, ca: c.pem}}"),
            "diameter.tls.private_key: required");
  EXPECT_EQ(error_of("diameter: {origin_host: a.test, origin_realm: r.test, tls: {certificate: a.pem, "
                     "private_key: a.key, ca: c.pem, max_version: \"1.1\"}}"),
            "diameter.tls.max_version: expected 1.2 or 1.3");
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
