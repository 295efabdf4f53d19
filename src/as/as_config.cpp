#include "as/as_config.hpp"

#include "core/fqdn.hpp"
#include "net/source_filter.hpp"

namespace iotboot::as {

AsConfig parse_as_config(const YAML::Node& doc) {
  AsConfig c;
  const config::Section a = config::Section::root(doc).section("as");
  c.id = a.required_text("id");
  if (auto why = check_fqdn(c.id)) throw config::ConfigError("as.id: not a valid FQDN: " + *why);
  const config::Section coap = a.section("coap", false);
  c.coap_address = coap.text("address", c.coap_address);
  c.coap_port = coap.port("port", c.coap_port);
  auto endpoint = [](const config::Section& s) {
    ScefEndpoint e;
    e.address = s.text("address", e.address);
    e.port = s.port("port", e.port);
    e.host = s.text("host", e.host);
    if (auto why = check_fqdn(e.host)) throw config::ConfigError(s.path("host") + ": not a valid FQDN: " + *why);
    return e;
  };
  c.scef.clear();
  if (const YAML::Node list = a.node()["scef"]; list && list.IsSequence()) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string where = a.path("scef") + "[" + std::to_string(i) + "]";
      if (!list[i].IsMap()) throw config::ConfigError(where + ": must be a map");
      c.scef.push_back(endpoint(config::Section(list[i], where)));
    }
    if (c.scef.empty()) throw config::ConfigError(a.path("scef") + ": names no SCEF");
  } else {
    c.scef.push_back(endpoint(a.section("scef")));
  }
  c.certificate = a.required_text("certificate");
  c.private_key = a.required_text("private_key");
  c.ca = a.required_text("ca");
  c.key_fetch_timeout = a.millis("key_fetch_timeout_ms", c.key_fetch_timeout);
  c.handshake_timeout = coap.millis("handshake_timeout_ms", c.handshake_timeout);
  c.max_handshakes = static_cast<unsigned>(coap.integer("max_handshakes", c.max_handshakes, 1, 1 << 20));
  c.session_idle = std::chrono::seconds(coap.integer("session_idle_s", c.session_idle.count(), 1, 86400));
  if (coap.has("source_ban")) {
    const config::Section b = coap.section("source_ban");
    SourceBan::Limits& l = c.source_ban;
    l.refusals = static_cast<unsigned>(b.integer("refusals", l.refusals, 0, 1 << 30));
    l.window = std::chrono::seconds(b.integer("window_s", l.window.count(), 1, 86400));
    l.ban = std::chrono::seconds(b.integer("ban_s", l.ban.count(), 1, 86400));
    l.handshakes_in_progress =
        static_cast<unsigned>(b.integer("handshakes_in_progress", l.handshakes_in_progress, 0, 1 << 20));
    l.max_banned =
        static_cast<std::size_t>(b.integer("max_banned", static_cast<long>(l.max_banned), 1, net::kMaxSources));
  }
  c.key_cache_entries = static_cast<std::size_t>(a.integer("key_cache_entries", 100000, 1, 100000000));
  c.refusal_cache = a.millis("refusal_cache_ms", c.refusal_cache);
  c.refusal_cache_entries = static_cast<std::size_t>(a.integer("refusal_cache_entries", 10000, 1, 100000000));
  if (a.has("key_fetch_limit")) {
    const config::Section l = a.section("key_fetch_limit");
    if (!l.has("per_client_per_s")) throw config::ConfigError(l.path("per_client_per_s") + ": required");
    c.fetches_per_client_per_s = static_cast<double>(l.integer("per_client_per_s", 1, 1, 1000000));
    c.fetch_burst_per_client =
        static_cast<double>(l.integer("burst", static_cast<long>(c.fetches_per_client_per_s), 1, 1000000));
  }
  c.upstream = parse_upstream(a, c.certificate, c.private_key, c.ca);
  return c;
}

}  // namespace iotboot::as
