#include "hss/hss_config.hpp"
#include "config/diameter_node.hpp"
#include "config/key_encryption.hpp"
#include "config/store_location.hpp"

namespace iotboot::hss {

HssConfig parse_hss_config(const YAML::Node& doc) {
  HssConfig c;
  c.diameter = diameter::parse_node_config(doc["diameter"]);
  const config::Section h = config::Section::root(doc).section("hss");
  c.store = config::store_location(h, "store", "sqlite:" + c.store.target);
  const std::string durability = h.text("durability", "full");
  if (durability == "full") {
    c.durability = store::Durability::full;
  } else if (durability == "normal") {
    c.durability = store::Durability::normal;
  } else {
    throw config::ConfigError("hss.durability: must be full or normal");
  }
  c.key_encryption = config::key_encryption(h);
  c.max_vectors = static_cast<unsigned>(h.integer("max_vectors", c.max_vectors, 1, 32));
  c.store_batch = static_cast<std::size_t>(h.integer("store_batch", static_cast<long>(c.store_batch), 1, 65536));
  if (h.has("bootstrap")) {
    const config::Section b = h.section("bootstrap");
    const std::string mode = b.text("mode", "push");
    const auto parsed = provisioning::parse_bootstrap_mode(mode);
    if (!parsed || *parsed == provisioning::BootstrapMode::hss_default) {
      throw config::ConfigError(b.path("mode") + ": must be push, pull or off");
    }
    c.bootstrap_mode = *parsed;
    // An SCEF is named by host (scef_id) or, without one, by realm: any SCEF of scef_realm.
    if (b.has("scef_id")) c.scef_id = b.identity("scef_id");
    c.scef_realm = b.text("scef_realm", c.diameter.origin_realm);
    c.key_lifetime_s = static_cast<std::uint32_t>(b.integer("key_lifetime_s", c.key_lifetime_s, 1, 86400 * 365));
    c.s6t_timeout = b.millis("s6t_timeout_ms", c.s6t_timeout);
  }
  return c;
}

}  // namespace iotboot::hss
