#include "mme/mme_config.hpp"
#include "config/diameter_node.hpp"

namespace iotboot::mme {

MmeConfig parse_mme_config(const YAML::Node& doc) {
  MmeConfig c;
  c.diameter = diameter::parse_node_config(doc["diameter"]);
  const config::Section m = config::Section::root(doc).section("mme");
  auto plmn = Plmn::parse(m.text("plmn", "00101"));
  if (!plmn) throw config::ConfigError("mme.plmn: " + plmn.error().reason);
  c.plmn = plmn.value();
  c.mme_group_id = static_cast<std::uint16_t>(m.integer("mme_group_id", c.mme_group_id, 0, 0xffff));
  c.mme_code = static_cast<std::uint8_t>(m.integer("mme_code", c.mme_code, 0, 0xff));
  c.tac = static_cast<std::uint16_t>(m.integer("tac", c.tac, 0, 0xffff));
  const config::Section s1 = m.section("s1", false);
  c.s1_address = s1.text("address", c.s1_address);
  c.s1_port = s1.port("port", c.s1_port);
  const std::string enc = m.text("ciphering", "eea2");
  if (enc == "eea2") {
    c.ciphering = crypto::CipheringAlgorithm::eea2;
  } else if (enc == "eea0") {
    c.ciphering = crypto::CipheringAlgorithm::eea0;
  } else {
    throw config::ConfigError("mme.ciphering: must be eea2 or eea0");
  }
  if (m.text("integrity", "eia2") != "eia2") throw config::ConfigError("mme.integrity: only eia2 is supported");
  c.vectors_per_air = static_cast<unsigned>(m.integer("vectors_per_air", c.vectors_per_air, 1, 5));
  c.hss_realm = m.text("hss_realm", c.diameter.origin_realm);
  c.t3460 = m.millis("t3460_ms", c.t3460);
  c.t3346 = std::chrono::seconds(m.integer("t3346_s", c.t3346.count(), 2, 186 * 60));
  c.t3460_retransmissions = static_cast<unsigned>(m.integer("t3460_retransmissions", c.t3460_retransmissions, 0, 10));
  c.t3450 = m.millis("t3450_ms", c.t3450);
  c.context_retention = std::chrono::seconds(m.integer("context_retention_s", 3600, 1, 86400 * 30));
  c.t6a_timeout = m.millis("t6a_timeout_ms", c.t6a_timeout);
  c.max_ues_per_connection = static_cast<std::size_t>(
      m.integer("max_ues_per_connection", static_cast<long>(c.max_ues_per_connection), 1, 1L << 32));
  if (m.has("attach_target_ms")) c.attach_target = m.millis("attach_target_ms", c.attach_target);
  c.max_attach_attempts =
      static_cast<std::size_t>(m.integer("max_attach_attempts", static_cast<long>(c.max_attach_attempts), 1, 1L << 32));
  c.s1_limits.connections.total = static_cast<std::size_t>(s1.integer("max_connections", 256, 1, 1 << 20));
  c.s1_limits.connections.per_address =
      static_cast<std::size_t>(s1.integer("max_connections_per_address", 64, 1, 1 << 20));
  c.s1_limits.max_pending_output = static_cast<std::size_t>(
      s1.integer("max_pending_output", static_cast<long>(c.s1_limits.max_pending_output), 65536, 1L << 32));
  return c;
}

}  // namespace iotboot::mme
