#include "diameter/node/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "diameter/dictionary.hpp"

namespace iotboot::diameter {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::uint32_t> number(std::string_view s) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> application_by_name(std::string_view s) {
  for (std::uint32_t app : {app::kS6a, app::kS6t, app::kT6a}) {
    if (lower(application_name(app)) == lower(s)) return app;
  }
  return number(s);
}

std::optional<std::uint32_t> command_by_name(std::string_view s) {
  for (std::uint32_t cmd : {cmd::kAuthenticationInformation, cmd::kReportingInformation}) {
    if (lower(command_name(cmd, true)) == lower(s)) return cmd;
  }
  return number(s);
}

}  // namespace

bool PeerConfig::may_request(std::uint32_t application) const noexcept {
  return std::any_of(requests.begin(), requests.end(),
                     [&](const RequestPermission& p) { return p.application == application; });
}

bool PeerConfig::may_request(std::uint32_t application, std::uint32_t command) const noexcept {
  return std::any_of(requests.begin(), requests.end(), [&](const RequestPermission& p) {
    return p.application == application && (!p.command || *p.command == command);
  });
}

std::optional<RequestPermission> parse_request_permission(std::string_view text) {
  const auto colon = text.find(':');
  const auto app = application_by_name(text.substr(0, colon));
  if (!app || *app == app::kBase || *app == app::kRelay) return std::nullopt;
  if (colon == std::string_view::npos) return RequestPermission(*app);
  const auto cmd = command_by_name(text.substr(colon + 1));
  if (!cmd) return std::nullopt;
  return RequestPermission(*app, *cmd);
}

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
      pc.port = p.port("port", pc.port);
      pc.connect = p.flag("connect", pc.connect);
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
  return c;
}

}  // namespace iotboot::diameter
