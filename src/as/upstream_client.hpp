// The gateway's HTTP client (docs/application-servers.md): requests to the AS's upstream
// backend over HTTP/1.1 or HTTPS with the AS's client certificate, on a thread of its own so
// that a slow backend never holds the AS's CoAP/DTLS thread. Connections are kept alive and
// reused; a request that finds its reused connection closed by the backend is sent once more
// on a new one. Every exchange is bounded by the upstream's timeout, every body by its size
// limit.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "as/upstream_config.hpp"

namespace iotboot::as {

struct UpstreamRequest {
  std::string method;  // "GET", ...
  std::string target;  // path and query
  std::string content_type, accept;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct UpstreamResponse {
  enum class Failure { none, unreachable, timeout, too_large, malformed };
  Failure failure = Failure::none;
  std::string why;  // with a failure, for the log
  int status = 0;
  std::string content_type;
  std::string body;
};

class UpstreamClient {
 public:
  explicit UpstreamClient(const UpstreamConfig& config);
  ~UpstreamClient();  // abandons what is in flight: their callbacks are not called
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  // Sends `request`; `done` runs on the client's thread with the answer or the failure.
  void send(UpstreamRequest request, std::function<void(UpstreamResponse)> done);

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace iotboot::as
