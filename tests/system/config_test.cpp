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
  EXPECT_TRUE(m.diameter.peers.at(0).required);  // the MME's one HSS: not ready without it
  EXPECT_FALSE(m.diameter.peers.at(1).required);
  EXPECT_EQ(h.scef_id, "scef.iotboot.test");
  const ue::UeConfig u = ue::parse_ue_config(config::load_file(shipped("ue.yaml")));
  ASSERT_EQ(u.mmes.size(), 1u);
  EXPECT_EQ(u.mmes[0].port, 36412);
  ASSERT_EQ(u.application_servers.size(), 2u);
  EXPECT_EQ(u.application_servers[1].id, "as2.example.com");
  ASSERT_EQ(u.application_servers[1].endpoints.size(), 1u);
  EXPECT_EQ(u.application_servers[1].endpoints[0].port, 5685);
  EXPECT_EQ(u.ua.attempts, 1u);
  const scef::ScefConfig s = scef::parse_scef_config(config::load_file(shipped("scef.yaml")));
  EXPECT_EQ(s.api.port, 8443);
  EXPECT_EQ(s.api.allowed_as, (std::vector<std::string>{"as1.example.com", "as2.example.com"}));
  for (const char* name : {"as1.yaml", "as2.yaml"}) {
    const as::AsConfig a = as::parse_as_config(config::load_file(shipped(name)));
    ASSERT_EQ(a.scef.size(), 1u);
    EXPECT_EQ(a.scef[0].host, "scef.iotboot.test");
    EXPECT_EQ(a.handshake_timeout, std::chrono::milliseconds(2000));
  }
}

TEST(Config, EverySourceBanSettingIsRead) {
  const as::AsConfig a = as::parse_as_config(YAML::Load(
      "as: {id: as1.example.com, scef: {port: 8443}, certificate: c, private_key: k, ca: a, coap: {source_ban: "
      "{refusals: 5, window_s: 3, ban_s: 7, handshakes_in_progress: 9, max_banned: 11}}}"));
  EXPECT_EQ(a.source_ban.refusals, 5u);
  EXPECT_EQ(a.source_ban.window, std::chrono::seconds(3));
  EXPECT_EQ(a.source_ban.ban, std::chrono::seconds(7));
  EXPECT_EQ(a.source_ban.handshakes_in_progress, 9u);
  EXPECT_EQ(a.source_ban.max_banned, 11u);
}

// Every value the lab network sets is in the shipped file with the same value; the shipped
// file may say more (defaults, written out for the reader).
void expect_contains(const YAML::Node& shipped, const YAML::Node& lab, const std::string& path) {
  if (lab.IsMap()) {
    ASSERT_TRUE(shipped.IsMap()) << path << " is not a map";
    for (const auto& entry : lab) {
      const std::string key = entry.first.as<std::string>();
      ASSERT_TRUE(shipped[key]) << path << "." << key << " is missing";
      expect_contains(shipped[key], entry.second, path + "." + key);
    }
  } else if (lab.IsSequence()) {
    ASSERT_TRUE(shipped.IsSequence()) << path << " is not a list";
    ASSERT_EQ(shipped.size(), lab.size()) << path;
    for (std::size_t i = 0; i < lab.size(); ++i) {
      expect_contains(shipped[i], lab[i], path + "[" + std::to_string(i) + "]");
    }
  } else {
    EXPECT_EQ(shipped.as<std::string>(), lab.as<std::string>()) << path;
  }
}

// config/*.yaml are the lab network of topology/network.hpp on its standard ports with the
// work directory var/ (`make run`'s): the two descriptions cannot drift apart.
TEST(Config, ShippedFilesAreTheStandardLabNetwork) {
  const auto net = topology::Network::standard("var", topology::Network::standard_ports());
  const auto check = [](const char* name, const YAML::Node& lab) {
    expect_contains(config::load_file(shipped(name)), lab, name);
  };
  check("hss.yaml", net.hss_config());
  check("scef.yaml", net.scef_config());
  check("mme.yaml", net.mme_config());
  check("ue.yaml", net.ue_config());
  for (std::size_t i = 0; i < net.as.size(); ++i) {
    check(topology::Network::file_name("as", i).c_str(), net.as_config(i));
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
  EXPECT_EQ(s2.store.describe(), "sqlite:var/scef2.db");
  EXPECT_NE(s2.api.port, scef::parse_scef_config(net.scef_config(0)).api.port);
  ASSERT_EQ(s2.diameter.peers.size(), 3u);  // two HSSs, one MME
  EXPECT_EQ(s2.diameter.peers[1].requests, (std::vector<diameter::RequestPermission>{{diameter::app::kS6t}}));
  EXPECT_EQ(hss::parse_hss_config(net.hss_config(1)).diameter.listen_port, 3870);
  // Each AS knows both SCEFs' Key APIs, its own turn first.
  const as::AsConfig a2 = as::parse_as_config(net.as_config(1));
  ASSERT_EQ(a2.scef.size(), 2u);
  EXPECT_EQ(a2.scef[0].port, s2.api.port);
  // On PostgreSQL, every HSS and SCEF share the one database.
  net.postgres = "postgresql://iotboot@db1,db2/iotboot?target_session_attrs=read-write";
  EXPECT_EQ(hss::parse_hss_config(net.hss_config(1)).store.target, net.postgres);
  EXPECT_EQ(scef::parse_scef_config(net.scef_config(0)).store.target, net.postgres);
  // A pool of SCEFs is named by realm: no scef_id.
  const hss::HssConfig h = hss::parse_hss_config(net.hss_config(0));
  EXPECT_EQ(h.scef_id, "");
  EXPECT_EQ(h.scef_realm, "iotboot.test");
}

// An MME pool and a second instance of an AS: the UE knows every MME with its code, and every
// endpoint of the AS; the SCEF authorises the AS_ID once.
TEST(Config, PoolsReachTheUe) {
  auto net = topology::Network::standard("var", topology::Network::standard_ports());
  net.add_mme();
  net.add_as_instance(0);
  const ue::UeConfig u = ue::parse_ue_config(net.ue_config());
  ASSERT_EQ(u.mmes.size(), 2u);
  EXPECT_EQ(u.mmes[0].code, 1);
  EXPECT_EQ(u.mmes[1].code, 2);
  EXPECT_EQ(u.mmes[1].port, net.mme[1].s1_port);
  EXPECT_EQ(mme::parse_mme_config(net.mme_config(1)).mme_code, 2);
  ASSERT_EQ(u.application_servers.size(), 2u);
  ASSERT_EQ(u.application_servers[0].endpoints.size(), 2u);
  EXPECT_EQ(u.application_servers[0].endpoints[1].port, net.as[2].port);
  EXPECT_EQ(as::parse_as_config(net.as_config(2)).id, "as1.example.com");
  EXPECT_EQ(scef::parse_scef_config(net.scef_config()).api.allowed_as,
            (std::vector<std::string>{"as1.example.com", "as2.example.com"}));
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

// The HSS's default bootstrapping mode: off without a bootstrap section, push with one (the
// behaviour before pull existed), pull without any SCEF.
TEST(Config, HssBootstrapModeDefaults) {
  const std::string dia = "diameter: {origin_host: a.test, origin_realm: r.test}\n";
  using provisioning::BootstrapMode;
  EXPECT_EQ(hss::parse_hss_config(YAML::Load(dia + "hss: {}")).bootstrap_mode, BootstrapMode::off);
  EXPECT_EQ(hss::parse_hss_config(YAML::Load(dia + "hss: {bootstrap: {scef_id: s.test}}")).bootstrap_mode,
            BootstrapMode::push);
  const hss::HssConfig pull = hss::parse_hss_config(YAML::Load(dia + "hss: {bootstrap: {mode: pull}}"));
  EXPECT_EQ(pull.bootstrap_mode, BootstrapMode::pull);
  EXPECT_EQ(pull.scef_id, "");
}

TEST(Config, BadValuesNameTheKey) {
  const char* dia = "diameter: {origin_host: a.test, origin_realm: r.test}\n";
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {max_vectors: 0}").c_str()),
            "hss.max_vectors: must be between 1 and 32");
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {durability: sometimes}").c_str()),
            "hss.durability: must be full or normal");
  EXPECT_EQ(error_of(hss::parse_hss_config, dia), "hss: missing section");
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {store: var/hss.db}").c_str()),
            "hss.store: expected sqlite:PATH or postgresql://URI");
  EXPECT_EQ(error_of(scef::parse_scef_config, (std::string(dia) + "scef: {store: 'sqlite:'}").c_str()),
            "scef.store: sqlite: needs a file path (sqlite:var/hss.db)");
  EXPECT_EQ(
      error_of(scef::parse_scef_config,
               (std::string(dia) + "scef: {key_api: {certificate: c, private_key: k, ca: a, rate_limit: {burst: 5}}}")
                   .c_str()),
      "scef.key_api.rate_limit.requests_per_s: required");
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {bootstrap: {mode: default}}").c_str()),
            "hss.bootstrap.mode: must be push, pull or off");
  EXPECT_EQ(error_of(hss::parse_hss_config, (std::string(dia) + "hss: {bootstrap: {scef_id: 'scef one'}}").c_str()),
            "hss.bootstrap.scef_id: not a valid Diameter identity: character not allowed in a host name at position 5");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {plmn: 0010}").c_str()),
            "mme.plmn: expected 5 or 6 digits (MCC then a 2- or 3-digit MNC), got 4");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {ciphering: eea1}").c_str()),
            "mme.ciphering: must be eea2 or eea0");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {s1: {port: -1}}").c_str()),
            "mme.s1.port: not a port number");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {attach_timeout_ms: 0}"), "ue.attach_timeout_ms: must be positive");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {application_servers: [{id: -x-, port: 5684}]}"),
            "ue.application_servers[0].id: not a valid FQDN: label starts or ends with '-' at position 1");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {mmes: [{port: 36412}]}"), "ue.mmes[0].mme_code: required");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {ua_attempts: 0}"), "ue.ua_attempts: must be between 1 and 10");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {mme: {port: 1}, mmes: []}"), "ue.mmes: give mme or mmes, not both");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {application_servers: [{id: a.b, endpoints: []}]}"),
            "ue.application_servers[0].endpoints: must be a non-empty list");
  EXPECT_EQ(error_of(ue::parse_ue_config, "ue: {application_servers: {id: a.b}}"),
            "ue.application_servers: must be a list");
  EXPECT_EQ(error_of(as::parse_as_config, "as: {id: as1.example.com}"), "as.scef: missing section");
  EXPECT_EQ(error_of(as::parse_as_config,
                     "as: {id: as1.example.com, scef: {port: 8443}, certificate: c, private_key: k, ca: a, "
                     "key_fetch_limit: {burst: 3}}"),
            "as.key_fetch_limit.per_client_per_s: required");
  EXPECT_EQ(error_of(mme::parse_mme_config, (std::string(dia) + "mme: {attach_target_ms: 0}").c_str()),
            "mme.attach_target_ms: must be positive");
  EXPECT_EQ(error_of(as::parse_as_config,
                     "as: {id: as1.example.com, scef: {port: 8443}, certificate: c, private_key: k, ca: a, "
                     "coap: {source_ban: {max_banned: 5000}}}"),
            "as.coap.source_ban.max_banned: must be between 1 and 2000");
  EXPECT_NE(error_of([](const YAML::Node&) { return config::load_file("/nonexistent.yaml"); }, ""), "");
}

}  // namespace
}  // namespace iotboot::test
