// A plain HTTP/1.1 request on a new connection, for tests that read an NF's /metrics, /readyz
// or a Prometheus server's API. Status 0: no answer (nothing listening, connection closed).
#pragma once

#include <cstdint>
#include <string>

namespace iotboot::test {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string allow;
};

HttpAnswer http_request(const std::string& method, std::uint16_t port, const std::string& target,
                        const std::string& host = "127.0.0.1");
inline HttpAnswer http_get(std::uint16_t port, const std::string& target) { return http_request("GET", port, target); }

// %-encoding of a query parameter's value (RFC 3986 unreserved characters stay).
std::string url_encode(const std::string& text);

}  // namespace iotboot::test
