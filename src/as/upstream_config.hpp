// `as.upstream`: the HTTP backend the AS forwards its devices' CoAP requests to (the gateway,
// docs/application-servers.md).
//
//   upstream:
//     url: https://backend.example.com:8443/iot   # http:// or https://; the path prefixes every request
//     address: 10.0.0.7         # where to connect (default: the URL's host); TLS checks the URL's host
//     timeout_ms: 5000          # a whole exchange; past it the device gets 5.04
//     max_body_bytes: 1048576   # each way; a longer request is 4.13, a longer answer 5.02
//     max_pending: 1024         # requests waiting for the backend; past it, 5.03
//     max_pending_per_device: 8 # likewise per device (GUTI), over all its sessions
//     certificate: ...          # https: the AS's client certificate, key and the backend's CA
//     private_key: ...          #   (default: the AS's own, as for the Key API)
//     ca: ...
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/yaml.hpp"
#include "core/result.hpp"

namespace iotboot::as {

struct UpstreamUrl {
  bool tls = false;
  std::string host;
  std::uint16_t port = 80;
  std::string base_path;  // "" or "/iot" (no trailing slash)
};

// http(s)://host[:port][/path], host a name or an IPv4 address; the reason when it is not.
Result<UpstreamUrl> parse_upstream_url(std::string_view url);

struct UpstreamConfig {
  UpstreamUrl url;
  std::string address;  // where to connect
  std::chrono::milliseconds timeout{5000};
  std::size_t max_body = 1 << 20;
  // Requests waiting for the backend, in all and per device (GUTI); past either, 5.03.
  std::size_t max_pending = 1024;
  std::size_t max_pending_per_device = 8;
  std::string certificate, private_key, ca;  // https only
};

// nullopt without the section; ConfigError naming the setting when it is wrong. The AS's own
// certificate, key and CA are the defaults for an https upstream.
std::optional<UpstreamConfig> parse_upstream(const config::Section& as, const std::string& certificate,
                                             const std::string& private_key, const std::string& ca);

}  // namespace iotboot::as
