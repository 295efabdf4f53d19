#include "ue/ue_config.hpp"

namespace iotboot::ue {

UeConfig parse_ue_config(const YAML::Node& doc) {
  UeConfig c;
  const config::Section u = config::Section::root(doc).section("ue");
  const config::Section mme = u.section("mme", false);
  c.mme_address = mme.text("address", c.mme_address);
  c.mme_port = mme.port("port", c.mme_port);
  auto plmn = Plmn::parse(u.text("plmn", "00101"));
  if (!plmn) throw config::ConfigError("ue.plmn: " + plmn.error().reason);
  c.plmn = plmn.value();
  c.connections = static_cast<unsigned>(u.integer("connections", c.connections, 1, 64));
  c.attach_timeout = u.millis("attach_timeout_ms", c.attach_timeout);
  return c;
}

}  // namespace iotboot::ue
