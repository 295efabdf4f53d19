#include "config/diameter_node.hpp"

#include <string>

#include "config/yaml.hpp"

namespace iotboot::diameter {

using config::ConfigError;

namespace {

Transport transport_of(const config::Section& p) {
  const std::string t = p.text("transport", "tcp");
  if (t == "tcp") return Transport::tcp;
  if (t == "tls") return Transport::tls;
  throw ConfigError(p.path("transport") + ": expected tcp or tls");
}

}  // namespace

NodeConfig parse_node_config(const YAML::Node& d) {
  if (!d || !d.IsMap()) throw ConfigError("diameter: missing section");
  const config::Section s(d, "diameter");
  NodeConfig c;
  c.origin_host = s.identity("origin_host");
  c.origin_realm = s.identity("origin_realm");
  c.listen = s.has("listen");
  if (c.listen) {
    const config::Section l = s.section("listen");
    c.listen_address = l.text("address", c.listen_address);
    c.listen_port = l.port("port", c.listen_port);
    // TLS on tls_port; plaintext on port, unless only tls_port is given.
    if (l.has("tls_port")) {
      c.listen_tls_port = l.port("tls_port", kDiameterTlsPort);
      c.listen = l.has("port");
    }
  }
  if (s.has("tls")) {
    const config::Section t = s.section("tls");
    TlsConfig tls;
    tls.certificate = t.required_text("certificate");
    tls.private_key = t.required_text("private_key");
    tls.ca = t.required_text("ca");
    const std::string max_version = t.text("max_version", "1.3");
    if (max_version != "1.2" && max_version != "1.3")
      throw ConfigError(t.path("max_version") + ": expected 1.2 or 1.3");
    tls.allow_tls13 = max_version == "1.3";
    c.tls = std::move(tls);
  }
  c.watchdog_interval = s.millis("watchdog_ms", c.watchdog_interval);
  c.request_timeout = s.millis("request_timeout_ms", c.request_timeout);
  c.reconnect_min = s.millis("reconnect_min_ms", c.reconnect_min);
  c.reconnect_max = s.millis("reconnect_max_ms", c.reconnect_max);
  c.cer_timeout = s.millis("cer_timeout_ms", c.cer_timeout);
  c.max_message_size =
      static_cast<std::size_t>(s.integer("max_message_size", static_cast<long>(c.max_message_size), 1024, 0xffffff));
  c.connections.total = static_cast<std::size_t>(s.integer("max_connections", 128, 1, 1 << 20));
  c.connections.per_address = static_cast<std::size_t>(s.integer("max_connections_per_address", 32, 1, 1 << 20));
  c.max_pending_requests = static_cast<std::size_t>(
      s.integer("max_pending_requests", static_cast<long>(c.max_pending_requests), 1, 1L << 24));
  c.max_pending_output = static_cast<std::size_t>(
      s.integer("max_pending_output", static_cast<long>(c.max_pending_output), 65536, 1L << 32));
  if (s.has("peers")) {
    const YAML::Node peers = d["peers"];
    if (!peers.IsSequence()) throw ConfigError("diameter.peers: must be a list");
    for (std::size_t i = 0; i < peers.size(); ++i) {
      const config::Section p(peers[i], "diameter.peers[" + std::to_string(i) + "]");
      PeerConfig pc;
      pc.host = p.identity("host");
      pc.realm = p.identity("realm");
      pc.address = p.text("address", pc.address);
      pc.transport = transport_of(p);
      pc.port = p.port("port", pc.transport == Transport::tls ? kDiameterTlsPort : kDiameterPort);
      if (pc.transport == Transport::tls && !c.tls) throw ConfigError(p.path("transport") + ": tls needs diameter.tls");
      pc.connect = p.flag("connect", pc.connect);
      pc.required = p.flag("required", pc.required);
      pc.pin_address = p.flag("pin_address", pc.pin_address);
      if (p.has("requests")) {
        const YAML::Node list = peers[i]["requests"];
        if (!list.IsSequence()) throw ConfigError(p.path("requests") + ": must be a list");
        for (std::size_t j = 0; j < list.size(); ++j) {
          const std::string where = p.path("requests") + "[" + std::to_string(j) + "]";
          auto perm = parse_request_permission(list[j].as<std::string>(""));
          if (!perm)
            throw ConfigError(where + ": expected an application (s6a, s6t, t6a) or application:command (s6a:air)");
          pc.requests.push_back(*perm);
        }
      }
      for (const PeerConfig& other : c.peers) {
        if (other.host == pc.host) throw ConfigError(p.path("host") + ": listed twice");
      }
      c.peers.push_back(std::move(pc));
    }
  }
  if (c.listen_tls_port && !c.tls) throw ConfigError(s.path("listen") + ".tls_port: needs diameter.tls");
  return c;
}

}  // namespace iotboot::diameter
