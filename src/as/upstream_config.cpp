#include "as/upstream_config.hpp"

#include <charconv>

#include "core/fqdn.hpp"

namespace iotboot::as {

Result<UpstreamUrl> parse_upstream_url(std::string_view url) {
  UpstreamUrl u;
  if (url.starts_with("https://")) {
    u.tls = true;
    u.port = 443;
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
  } else {
    return Error{"must start with http:// or https://"};
  }
  const std::size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = url.substr(slash);
    if (path.find_first_of("?#") != std::string_view::npos) return Error{"a query or fragment is not allowed"};
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    u.base_path = std::string(path);
  }
  if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return Error{"port must be 1 to 65535"};
    }
    u.port = static_cast<std::uint16_t>(value);
    authority = authority.substr(0, colon);
  }
  if (auto why = check_fqdn(authority)) return Error{"host: " + *why};
  u.host = std::string(authority);
  return u;
}

std::optional<UpstreamConfig> parse_upstream(const config::Section& as, const std::string& certificate,
                                             const std::string& private_key, const std::string& ca) {
  if (!as.has("upstream")) return std::nullopt;
  const config::Section s = as.section("upstream");
  UpstreamConfig c;
  auto url = parse_upstream_url(s.required_text("url"));
  if (!url) throw config::ConfigError(s.path("url") + ": " + url.error().reason);
  c.url = std::move(url.value());
  c.address = s.text("address", c.url.host);
  c.timeout = s.millis("timeout_ms", c.timeout);
  if (c.timeout.count() <= 0) throw config::ConfigError(s.path("timeout_ms") + ": must be positive");
  c.max_body = static_cast<std::size_t>(s.integer("max_body_bytes", static_cast<long>(c.max_body), 1, 64L << 20));
  c.max_pending = static_cast<std::size_t>(s.integer("max_pending", static_cast<long>(c.max_pending), 1, 1 << 20));
  c.max_pending_per_device = static_cast<std::size_t>(
      s.integer("max_pending_per_device", static_cast<long>(c.max_pending_per_device), 1, 1 << 20));
  if (c.url.tls) {
    c.certificate = s.text("certificate", certificate);
    c.private_key = s.text("private_key", private_key);
    c.ca = s.text("ca", ca);
  }
  return c;
}

}  // namespace iotboot::as
