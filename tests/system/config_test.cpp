// The shipped configuration files parse, and bad ones are refused naming the key.
#include <gtest/gtest.h>

#include "as/as_config.hpp"
#include "diameter/apps/ids.hpp"
#include "hss/hss_config.hpp"
#include "mme/mme_config.hpp"
#include "scef/scef_config.hpp"
#include "topology/network.hpp"
#include "ue/ue_config.hpp"

namespace iotboot::test {
namespace {

std::string shipped(const char* name) { return std::string(IOTBOOT_SOURCE_DIR) + "/config/" + name; }

TEST(Config, ShippedFilesParse) {
  const hss::HssConfig h = hss::parse_hss_config(config::load_file(shipped("hss.yaml")));
  EXPECT_EQ(h.max_vectors, 5u);
  EXPECT_EQ(h.diameter.origin_host, "hss.iotboot.test");
  const mme::MmeConfig m = mme::parse_mme_config(config::load_file(shipped("mme.yaml")));
  EXPECT_EQ(m.mme_group_id, 0x8001);
  EXPECT_EQ(m.t3460, std::chrono::milliseconds(6000));
  EXPECT_EQ(m.diameter.peers.at(0).host, "hss.iotboot.test");
  EXPECT_EQ(m.diameter.peers.at(1).host, "scef.iotboot.test");
  EXPECT_EQ(h.scef_id, "scef.iotboot.test");
  const ue::UeConfig u = ue::parse_ue_config(config::load_file(shipped("ue.yaml")));
  EXPECT_EQ(u.mme_port, 36412);
  ASSERT_EQ(u.application_servers.size(), 2u);
  EXPECT_EQ(u.application_servers[1].id, "as2.example.com");
  EXPECT_EQ(u.application_servers[1].port, 5685);
  const scef::ScefConfig s = scef::parse_scef_config(config::load_file(shipped("scef.yaml")));
  EXPECT_EQ(s.api.port, 8443);
  EXPECT_EQ(s.api.allowed_as, (std::vector<std::string>{"as1.example.com", "as2.example.com"}));
  for (const char* name : {"as1.yaml", "as2.yaml"}) {
    const as::AsConfig a = as::parse_as_config(config::load_file(shipped(name)));
    EXPECT_EQ(a.scef_host, "scef.iotboot.test");
    EXPECT_EQ(a.handshake_timeout, std::chrono::milliseconds(2000));
  }
}

void expect_same_node(const diameter::NodeConfig& shipped, const diameter::NodeConfig& lab) {
  EXPECT_EQ(shipped.origin_host, lab.origin_host);
  EXPECT_EQ(shipped.origin_realm, lab.origin_realm);
  EXPECT_EQ(shipped.listen, lab.listen);
  EXPECT_EQ(shipped.listen_port, lab.listen_port);
  ASSERT_EQ(shipped.peers.size(), lab.peers.size()) << shipped.origin_host;
  for (std::size_t i = 0; i < lab.peers.size(); ++i) {
    const diameter::PeerConfig &a = shipped.peers[i], &b = lab.peers[i];
    EXPECT_EQ(a.host, b.host);
    EXPECT_EQ(a.realm, b.realm);
    EXPECT_EQ(a.address, b.address);
    EXPECT_EQ(a.connect, b.connect) << a.host;
    if (a.connect) {
      EXPECT_EQ(a.port, b.port) << a.host;
    }
    EXPECT_EQ(a.pin_address, b.pin_address) << a.host;
    EXPECT_EQ(a.requests, b.requests) << a.host;
  }
}

// config/*.yaml are the lab network of topology/network.hpp on its standard ports with the
// work directory var/ (`make run`'s): the two descriptions cannot drift apart.
TEST(Config, ShippedFilesAreTheStandardLabNetwork) {
  const auto net = topology::Network::standard("var", topology::Network::standard_ports());
  const hss::HssConfig h = hss::parse_hss_config(config::load_file(shipped("hss.yaml")));
  const hss::HssConfig lh = hss::parse_hss_config(net.hss_config());
  EXPECT_EQ(h.db, lh.db);
  EXPECT_EQ(h.scef_id, lh.scef_id);
  EXPECT_EQ(h.scef_realm, lh.scef_realm);
  expect_same_node(h.diameter, lh.diameter);
  const scef::ScefConfig s = scef::parse_scef_config(config::load_file(shipped("scef.yaml")));
  const scef::ScefConfig ls = scef::parse_scef_config(net.scef_config());
  EXPECT_EQ(s.db, ls.db);
  EXPECT_EQ(s.api.port, ls.api.port);
  EXPECT_EQ(s.api.certificate, ls.api.certificate);
  EXPECT_EQ(s.api.private_key, ls.api.private_key);
  EXPECT_EQ(s.api.ca, ls.api.ca);
  EXPECT_EQ(s.api.allowed_as, ls.api.allowed_as);
  expect_same_node(s.diameter, ls.diameter);
  const mme::MmeConfig m = mme::parse_mme_config(config::load_file(shipped("mme.yaml")));
  const mme::MmeConfig lm = mme::parse_mme_config(net.mme_config());
  EXPECT_EQ(m.s1_port, lm.s1_port);
  EXPECT_EQ(m.mme_code, lm.mme_code);
  EXPECT_EQ(m.mme_group_id, lm.mme_group_id);
  expect_same_node(m.diameter, lm.diameter);
  for (std::size_t i = 0; i < net.as.size(); ++i) {
    const as::AsConfig a =
        as::parse_as_config(config::load_file(shipped(topology::Network::file_name("as", i).c_str())));
    const as::AsConfig la = as::parse_as_config(net.as_config(i));
    EXPECT_EQ(a.id, la.id);
    EXPECT_EQ(a.coap_port, la.coap_port);
    EXPECT_EQ(a.scef_port, la.scef_port);
    EXPECT_EQ(a.scef_host, la.scef_host);
    EXPECT_EQ(a.certificate, la.certificate);
    EXPECT_EQ(a.private_key, la.private_key);
  }
  const ue::UeConfig u = ue::parse_ue_config(config::load_file(shipped("ue.yaml")));
  const ue::UeConfig lu = ue::parse_ue_config(net.ue_config());
  EXPECT_EQ(u.mme_port, lu.mme_port);
  ASSERT_EQ(u.application_servers.size(), lu.application_servers.size());
  for (std::size_t i = 0; i < u.application_servers.size(); ++i) {
    EXPECT_EQ(u.application_servers[i].id, lu.application_servers[i].id);
    EXPECT_EQ(u.application_servers[i].port, lu.application_servers[i].port);
  }
}

// A second HSS and SCEF are one line each: every NF then knows of them.
TEST(Config, TheLabNetworkGrowsByOneLinePerNf) {
  auto net = topology::Network::standard("var", topology::Network::standard_ports());
  net.add_hss();
  net.add_scef();
  const mme::MmeConfig m = mme::parse_mme_config(net.mme_config());
  ASSERT_EQ(m.diameter.peers.size(), 4u);
  EXPECT_EQ(m.diameter.peers[1].host, "hss2.iotboot.test");
  EXPECT_EQ(m.diameter.peers[3].host, "scef2.iotboot.test");
  const scef::ScefConfig s2 = scef::parse_scef_config(net.scef_config(1));
  EXPECT_EQ(s2.diameter.origin_host, "scef2.iotboot.test");
  EXPECT_EQ(s2.db, "var/scef2.db");
  EXPECT_NE(s2.api.port, scef::parse_scef_config(net.scef_config(0)).api.port);
  ASSERT_EQ(s2.diameter.peers.size(), 3u);  // two HSSs, one MME
  EXPECT_EQ(s2.diameter.peers[1].requests, (std::vector<diameter::RequestPermission>{{diameter::app::kS6t}}));
  EXPECT_EQ(hss::parse_hss_config(net.hss_config(1)).diameter.listen_port, 3870);
}

template <typename F>
std::string error_of(F parse, const char* yaml) {
  try {
    parse(YAML::Load(yaml));
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, BadValuesNameTheKey) {
  const char* dia = "diameter: {origin_host: a.test, origin_realm: r.test}\n";
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {max_vectors: 0}").c_str()),
            "hss.max_vectors: must be between 1 and 32");
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {durability: sometimes}").c_str()),
            "hss.durability: must be full or normal");
  EXPECT_EQ(error_of(hss::parse_hss_config, dia), "hss: missing section");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {plmn: 0010}").c_str()),
            "mme.plmn: expected 5 or 6 digits (MCC then a 2- or 3-digit MNC), got 4");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {ciphering: eea1}").c_str()),
            "mme.ciphering: must be eea2 or eea0");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {s1: {port: -1}}").c_str()),
            "mme.s1.port: not a port number");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {attach_timeout_ms: 0}"), "ue.attach_timeout_ms: must be positive");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {application_servers: [{id: -x-, port: 5684}]}"),
            "ue.application_servers[0].id: not a valid FQDN: label starts or ends with '-' at position 1");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {application_servers: {id: a.b}}"),
            "ue.application_servers: must be a list");
  EXPECT_EQ(error_of(as::parse_as_config, "as: {id: as1.example.com}"), "as.scef: missing section");
  EXPECT_NE(error_of([](const YAML::Node&) { return config::load_file("/nonexistent.yaml"); }, ""), "");
}

}  // namespace
}  // namespace iotboot::test
