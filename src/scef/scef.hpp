// The SCEF network function: a Diameter node serving S6t (HSS) and T6a (MME), the key store,
// and the Key API for application servers.
#pragma once

#include <memory>

#include "core/unix_clock.hpp"
#include "diameter/node/node.hpp"
#include "metrics/registry.hpp"
#include "net/https_server.hpp"
#include "scef/bootstrap_store.hpp"
#include "scef/scef_config.hpp"
#include "scef/scef_metrics.hpp"

namespace iotboot::scef {

namespace asio = boost::asio;

class Scef {
 public:
  // clock: key expiry and purges (tests move it).
  Scef(asio::io_context& io, ScefConfig config, UnixClock clock = system_unix_clock());
  ~Scef();
  void start();
  asio::awaitable<void> stop();

  diameter::Node& node() noexcept { return *node_; }
  std::uint16_t key_api_port() const { return api_ ? api_->port() : 0; }
  BootstrapStore& store() noexcept { return *store_; }
  // What it did, as `key=value ...` (printed when its process stops).
  std::string summary() const;

 private:
  asio::io_context& io_;
  ScefConfig config_;
  UnixClock clock_;
  std::shared_ptr<BootstrapStore> store_;
  std::unique_ptr<diameter::Node> node_;
  std::unique_ptr<net::HttpsServer> api_;
  std::shared_ptr<bool> running_ = std::make_shared<bool>(true);
  struct ApiCounts {
    std::uint64_t requests = 0, keys = 0;  // answered, and of them with a key
  };
  std::shared_ptr<ApiCounts> api_counts_ = std::make_shared<ApiCounts>();    // the purge loop's, false from stop()
  std::shared_ptr<StoredCounts> stored_ = std::make_shared<StoredCounts>();  // counted by the purge loop
  // Last: they read the members above at scrape time.
  metrics::Registration stored_gauge_, node_metrics_, readiness_;
};

}  // namespace iotboot::scef
