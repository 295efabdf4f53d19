#include "ue/ue_config.hpp"

#include "core/fqdn.hpp"

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
  c.ua_timeout = u.millis("ua_timeout_ms", c.ua_timeout);
  if (u.has("application_servers")) {
    const YAML::Node list = u.node()["application_servers"];
    const std::string where = u.path("application_servers");
    if (!list.IsSequence()) throw config::ConfigError(where + ": must be a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const config::Section a(list[i], where + "[" + std::to_string(i) + "]");
      ApplicationServerAddress as;
      as.id = a.required_text("id");
      if (auto why = check_fqdn(as.id)) throw config::ConfigError(a.path("id") + ": not a valid FQDN: " + *why);
      as.address = a.text("address", as.address);
      as.port = a.port("port", as.port);
      c.application_servers.push_back(std::move(as));
    }
  }
  return c;
}

}  // namespace iotboot::ue
