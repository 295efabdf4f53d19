#include "diameter/node/config.hpp"

#include <yaml-cpp/yaml.h>

#include "core/fqdn.hpp"

namespace iotboot::diameter {
namespace {

template <typename T>
T get(const YAML::Node& n, const std::string& path, const char* key, T fallback) {
  const YAML::Node v = n[key];
  if (!v) return fallback;
  try {
    return v.as<T>();
  } catch (const YAML::Exception&) {
    throw ConfigError(path + "." + key + ": wrong type");
  }
}

std::string identity(const YAML::Node& n, const std::string& path, const char* key) {
  const std::string v = get<std::string>(n, path, key, "");
  if (v.empty()) throw ConfigError(path + "." + key + ": required");
  if (auto why = check_fqdn(v)) throw ConfigError(path + "." + key + ": not a valid Diameter identity: " + *why);
  return v;
}

std::uint16_t port(const YAML::Node& n, const std::string& path, const char* key, std::uint16_t fallback) {
  const int p = get<int>(n, path, key, fallback);
  if (p < 0 || p > 65535) throw ConfigError(path + "." + key + ": not a port number");
  return static_cast<std::uint16_t>(p);
}

std::chrono::milliseconds millis(const YAML::Node& n, const std::string& path, const char* key,
                                 std::chrono::milliseconds fallback) {
  const long v = get<long>(n, path, key, static_cast<long>(fallback.count()));
  if (v <= 0) throw ConfigError(path + "." + key + ": must be positive");
  return std::chrono::milliseconds(v);
}

}  // namespace

NodeConfig parse_node_config(const YAML::Node& d) {
  const std::string path = "diameter";
  if (!d || !d.IsMap()) throw ConfigError(path + ": missing section");
  NodeConfig c;
  c.origin_host = identity(d, path, "origin_host");
  c.origin_realm = identity(d, path, "origin_realm");
  if (const YAML::Node l = d["listen"]) {
    c.listen = true;
    c.listen_address = get<std::string>(l, path + ".listen", "address", c.listen_address);
    c.listen_port = port(l, path + ".listen", "port", c.listen_port);
  } else {
    c.listen = false;
  }
  c.watchdog_interval = millis(d, path, "watchdog_ms", c.watchdog_interval);
  c.request_timeout = millis(d, path, "request_timeout_ms", c.request_timeout);
  c.reconnect_min = millis(d, path, "reconnect_min_ms", c.reconnect_min);
  c.reconnect_max = millis(d, path, "reconnect_max_ms", c.reconnect_max);
  c.cer_timeout = millis(d, path, "cer_timeout_ms", c.cer_timeout);
  c.max_message_size = get<std::size_t>(d, path, "max_message_size", c.max_message_size);
  if (c.max_message_size < 1024 || c.max_message_size > 0xffffff) {
    throw ConfigError(path + ".max_message_size: must be between 1024 and 16777215");
  }
  if (const YAML::Node peers = d["peers"]) {
    if (!peers.IsSequence()) throw ConfigError(path + ".peers: must be a list");
    for (std::size_t i = 0; i < peers.size(); ++i) {
      const std::string p = path + ".peers[" + std::to_string(i) + "]";
      PeerConfig pc;
      pc.host = identity(peers[i], p, "host");
      pc.realm = identity(peers[i], p, "realm");
      pc.address = get<std::string>(peers[i], p, "address", pc.address);
      pc.port = port(peers[i], p, "port", pc.port);
      pc.connect = get<bool>(peers[i], p, "connect", pc.connect);
      for (const PeerConfig& other : c.peers) {
        if (other.host == pc.host) throw ConfigError(p + ".host: listed twice");
      }
      c.peers.push_back(std::move(pc));
    }
  }
  return c;
}

}  // namespace iotboot::diameter
