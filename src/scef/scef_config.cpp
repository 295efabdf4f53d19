#include "scef/scef_config.hpp"

#include "config/diameter_node.hpp"
#include "config/key_encryption.hpp"
#include "config/store_location.hpp"
#include "core/fqdn.hpp"
#include "core/plmn.hpp"

namespace iotboot::scef {

ScefConfig parse_scef_config(const YAML::Node& doc) {
  ScefConfig c;
  c.diameter = diameter::parse_node_config(doc["diameter"]);
  const config::Section s = config::Section::root(doc).section("scef");
  c.store = config::store_location(s, "store", "sqlite:" + c.store.target);
  const std::string durability = s.text("durability", "full");
  if (durability != "full" && durability != "normal")
    throw config::ConfigError("scef.durability: must be full or normal");
  c.durability = durability == "full" ? store::Durability::full : store::Durability::normal;
  c.key_encryption = config::key_encryption(s);
  c.key_lifetime = std::chrono::seconds(s.integer("key_lifetime_s", 86400, 1, 86400 * 365));
  c.purge_interval = std::chrono::seconds(s.integer("purge_interval_s", 60, 1, 86400));
  if (s.has("mmes")) {
    const YAML::Node list = s.node()["mmes"];
    const std::string where = s.path("mmes");
    if (!list.IsSequence()) throw config::ConfigError(where + ": must be a list");
    MmeDirectory unique;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const config::Section m(list[i], where + "[" + std::to_string(i) + "]");
      MmeRoute r;
      auto plmn = Plmn::parse(m.text("plmn", "00101"));
      if (!plmn) throw config::ConfigError(m.path("plmn") + ": " + plmn.error().reason);
      r.plmn = plmn->encoded();
      r.mme_group_id = static_cast<std::uint16_t>(m.integer("mme_group_id", 0x8001, 0, 0xffff));
      r.mme_code = static_cast<std::uint8_t>(m.integer("mme_code", 1, 0, 0xff));
      r.host = m.identity("host");
      r.realm = m.text("realm", c.diameter.origin_realm);
      if (!unique.add(r)) throw config::ConfigError(m.path("mme_code") + ": a second MME with the same GUMMEI");
      c.mmes.push_back(std::move(r));
    }
  }
  c.ks_fetch_timeout = s.millis("ks_fetch_timeout_ms", c.ks_fetch_timeout);
  const config::Section a = s.section("key_api", false);
  c.api.enabled = a.flag("enabled", s.has("key_api"));
  if (c.api.enabled) {
    c.api.address = a.text("address", c.api.address);
    c.api.port = a.port("port", c.api.port);
    c.api.certificate = a.required_text("certificate");
    c.api.private_key = a.required_text("private_key");
    c.api.ca = a.required_text("ca");
    net::HttpsLimits& l = c.api.limits;
    l.connections.total = static_cast<std::size_t>(a.integer("max_connections", 1024, 1, 1 << 20));
    l.connections.per_address = static_cast<std::size_t>(a.integer("max_connections_per_address", 64, 1, 1 << 20));
    l.handshake = a.millis("handshake_timeout_ms", l.handshake);
    l.idle = a.millis("idle_timeout_ms", l.idle);
    l.write = a.millis("write_timeout_ms", l.write);
    l.shutdown = a.millis("shutdown_timeout_ms", l.shutdown);
    if (a.has("rate_limit")) {
      const config::Section r = a.section("rate_limit");
      if (!r.has("requests_per_s")) throw config::ConfigError(r.path("requests_per_s") + ": required");
      c.api.requests_per_s = static_cast<double>(r.integer("requests_per_s", 1, 1, 10'000'000));
      c.api.burst = static_cast<double>(r.integer("burst", static_cast<long>(c.api.requests_per_s), 1, 10'000'000));
    }
    c.api.device_id_secret_file = a.text("device_id_secret_file", "");
    c.api.previous_device_id_secret_file = a.text("previous_device_id_secret_file", "");
    if (c.api.device_id_secret_file.empty() && !c.api.previous_device_id_secret_file.empty()) {
      throw config::ConfigError(a.path("previous_device_id_secret_file") + ": needs device_id_secret_file");
    }
    if (a.has("allowed_as")) {
      const YAML::Node list = a.node()["allowed_as"];
      if (!list.IsSequence()) throw config::ConfigError(a.path("allowed_as") + ": must be a list");
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string id = list[i].as<std::string>("");
        if (auto why = check_fqdn(id)) {
          throw config::ConfigError(a.path("allowed_as") + "[" + std::to_string(i) + "]: not a valid FQDN: " + *why);
        }
        c.api.allowed_as.push_back(id);
      }
    }
  }
  return c;
}

}  // namespace iotboot::scef
