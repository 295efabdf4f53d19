#include "ue/ue_config.hpp"

#include "core/fqdn.hpp"

namespace iotboot::ue {
namespace {

// Each item of a list the section holds under `key`.
template <typename F>
void each(const config::Section& s, const char* key, F f) {
  const YAML::Node list = s.node()[key];
  const std::string where = s.path(key);
  if (!list.IsSequence() || list.size() == 0) throw config::ConfigError(where + ": must be a non-empty list");
  for (std::size_t i = 0; i < list.size(); ++i) f(config::Section(list[i], where + "[" + std::to_string(i) + "]"));
}

MmeAddress mme_address(const config::Section& m, bool pooled) {
  MmeAddress a;
  a.address = m.text("address", a.address);
  a.port = m.port("port", a.port);
  if (pooled) a.code = static_cast<std::uint8_t>(m.integer("mme_code", 0, 0, 255));
  if (pooled && !m.has("mme_code")) throw config::ConfigError(m.path("mme_code") + ": required");
  return a;
}

AsEndpoint as_endpoint(const config::Section& e) {
  AsEndpoint at;
  at.address = e.text("address", at.address);
  at.port = e.port("port", at.port);
  return at;
}

}  // namespace

UeConfig parse_ue_config(const YAML::Node& doc) {
  UeConfig c;
  const config::Section u = config::Section::root(doc).section("ue");
  if (u.has("mme") && u.has("mmes")) throw config::ConfigError(u.path("mmes") + ": give mme or mmes, not both");
  if (u.has("mmes")) {
    c.mmes.clear();
    each(u, "mmes", [&](const config::Section& m) { c.mmes.push_back(mme_address(m, true)); });
  } else {
    c.mmes = {mme_address(u.section("mme", false), false)};
  }
  auto plmn = Plmn::parse(u.text("plmn", "00101"));
  if (!plmn) throw config::ConfigError("ue.plmn: " + plmn.error().reason);
  c.plmn = plmn.value();
  c.connections = static_cast<unsigned>(u.integer("connections", c.connections, 1, 64));
  c.attach_timeout = u.millis("attach_timeout_ms", c.attach_timeout);
  c.ua.timeout = u.millis("ua_timeout_ms", c.ua.timeout);
  c.ua.attempts = static_cast<unsigned>(u.integer("ua_attempts", c.ua.attempts, 1, 10));
  c.ua.source_address = u.text("ua_source_address", "");
  if (u.has("application_servers")) {
    if (!u.node()["application_servers"].IsSequence()) {
      throw config::ConfigError(u.path("application_servers") + ": must be a list");
    }
    each(u, "application_servers", [&](const config::Section& a) {
      ApplicationServerAddress as;
      as.id = a.required_text("id");
      if (auto why = check_fqdn(as.id)) throw config::ConfigError(a.path("id") + ": not a valid FQDN: " + *why);
      // Instances of one AS: several endpoints, the UE picks one and tries the next after a
      // failed handshake.
      if (a.has("endpoints")) {
        each(a, "endpoints", [&](const config::Section& e) { as.endpoints.push_back(as_endpoint(e)); });
      } else {
        as.endpoints.push_back(as_endpoint(a));
      }
      c.application_servers.push_back(std::move(as));
    });
  }
  return c;
}

}  // namespace iotboot::ue
