// The operations listener of an NF (`metrics: {address, port}`): plain HTTP/1.1 on the NF's
// io_context serving
//   GET /metrics  the registry in the Prometheus text format
//   GET /healthz  200 while the process runs its io loop (liveness)
//   GET /readyz   200, or 503 with the reasons of the failing readiness checks
// Anything else is 404, another method on these paths 405. Nothing it serves is secret (no
// key, no identity beyond configured ones), so it has no TLS; bind it to a management address.
// Connections are admitted within small limits and every wait has a deadline, like the other
// listeners.
#pragma once

#include <utility>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "metrics/health.hpp"
#include "metrics/registry.hpp"

namespace iotboot::metrics {

struct EndpointConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = 9100;  // 0: an ephemeral port (Endpoint::port() tells which)
};

class Endpoint {
 public:
  // Listens at once (throws boost::system::system_error when the address is taken).
  Endpoint(boost::asio::io_context& io, const EndpointConfig& config, Registry& registry = process_registry(),
           Health& health = process_health());
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;
  void start();
  void stop();
  std::uint16_t port() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace iotboot::metrics
