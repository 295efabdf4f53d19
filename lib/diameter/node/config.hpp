// A Diameter node's configuration: its identity, where it listens, and the peers it accepts
// or connects to (only configured peers are accepted). Read from YAML by
// lib/config/diameter_node.hpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/listener.hpp"

namespace iotboot::diameter {

// An application, or one command of it, whose requests a peer may send to this node.
struct RequestPermission {
  RequestPermission(std::uint32_t app, std::optional<std::uint32_t> cmd = std::nullopt)
      : application(app), command(cmd) {}
  std::uint32_t application = 0;
  std::optional<std::uint32_t> command;  // nullopt: every command of the application
  friend bool operator==(const RequestPermission&, const RequestPermission&) = default;
};

// How a peer is reached and accepted. tls: RFC 6733 §13, TLS from the first byte (port 5868 by
// default, IANA "diameters"); the peer is refused over plaintext, and its certificate must name
// its Origin-Host. tcp: plaintext (port 3868); accepted over TLS too, its certificate then
// checked the same way.
enum class Transport { tcp, tls };

inline constexpr std::uint16_t kDiameterPort = 3868;
inline constexpr std::uint16_t kDiameterTlsPort = 5868;

struct PeerConfig {
  std::string host;   // Origin-Host the peer must present
  std::string realm;  // its Origin-Realm
  std::string address = "127.0.0.1";
  std::uint16_t port = kDiameterPort;
  bool connect = true;  // false: only accept its connections
  // The requests this peer may send us. None listed: no application request is served for it
  // (base protocol messages always are). Anything else is refused with 3007/3001.
  std::vector<RequestPermission> requests;
  bool pin_address = false;  // accept its connections only from `address`
  Transport transport = Transport::tcp;
  // /readyz: a node that connects to peers is ready while one of them is open (a pool needs one
  // member), and only while each `required` one is.
  bool required = false;

  bool may_request(std::uint32_t application) const noexcept;
  bool may_request(std::uint32_t application, std::uint32_t command) const noexcept;
};

// "s6a", "S6t", "t6a:rir", "16777251:318": an application, optionally ':' and one command,
// by name (case-insensitive) or number. nullopt for anything else.
std::optional<RequestPermission> parse_request_permission(std::string_view text);

// The node's own TLS material (PEM files), read once when the node is made.
struct TlsConfig {
  std::string certificate;  // its chain; a DNS subjectAltName must be the node's Origin-Host
  std::string private_key;
  std::string ca;           // the CA(s) peers' certificates must chain to
  bool allow_tls13 = true;  // false: TLS 1.2 only (1.2 is always the minimum)
};

struct NodeConfig {
  std::string origin_host;
  std::string origin_realm;
  bool listen = true;  // plaintext listener on listen_port
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = kDiameterPort;  // 0: an ephemeral port (Node::local_port() tells which)
  // TLS listener on this port, on listen_address (0: ephemeral; Node::local_tls_port()).
  std::optional<std::uint16_t> listen_tls_port;
  std::optional<TlsConfig> tls;  // needed by a TLS listener or a peer with transport tls
  std::vector<PeerConfig> peers;
  std::chrono::milliseconds watchdog_interval{30000};  // Tw, RFC 3539 §3.4.1
  std::chrono::milliseconds request_timeout{3000};
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{10000};
  std::chrono::milliseconds cer_timeout{5000};  // an accepted connection must send CER by then
  std::size_t max_message_size = 65536;
  // Accepted connections open at once, in all and per remote address (most of them are peers
  // before their CER, which cer_timeout bounds).
  net::ConnectionLimits connections{128, 32};
  // A peer that does not read is closed once this much output waits for it.
  std::size_t max_pending_output = 16 << 20;
  // Requests being served at once (by asynchronous handlers: those that wait, e.g. on a store);
  // past it a request is answered 3004 DIAMETER_TOO_BUSY at once (RFC 6733 §7.1.3).
  std::size_t max_pending_requests = 10000;
  std::string product_name = "iotboot";
};

}  // namespace iotboot::diameter
