// The HSS network function: a Diameter node serving S6a, the subscriber store and the
// AuthService that owns the store's thread.
#pragma once

#include <memory>

#include "diameter/node/node.hpp"
#include "hss/auth_service.hpp"
#include "hss/hss_config.hpp"
#include "metrics/registry.hpp"

namespace iotboot::hss {

namespace asio = boost::asio;

class Hss {
 public:
  Hss(asio::io_context& io, HssConfig config);
  ~Hss();
  void start();
  asio::awaitable<void> stop();
  diameter::Node& node() noexcept { return *node_; }
  AuthService& auth() noexcept { return *auth_; }
  // What it did, as `key=value ...` (printed when its process stops).
  std::string summary() const;

 private:
  HssConfig config_;
  std::shared_ptr<AuthService> auth_;
  std::unique_ptr<diameter::Node> node_;
  metrics::Registration node_metrics_;  // after node_: goes first
  metrics::Registration readiness_;
};

}  // namespace iotboot::hss
